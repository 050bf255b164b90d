/**
 * `npx tsx bench/mmu.ts`: MMU micro-benchmark. Prints translations per second that hit the TLB, and
 * page walks per second (through Mmu.translate with no TLB, and walkInto alone, with and without a
 * walk record). Page tables live in a Uint32Array "RAM" at 0x8000_0000, as on the machine.
 */
import { Mmu, makeSatp } from '../src/lib/sim/mmu/translate';
import {
	ACCESS_LOAD,
	ACCESS_STORE,
	PRIV_S,
	PTE_A,
	PTE_D,
	PTE_R,
	PTE_V,
	PTE_W,
	SV32,
	WalkOutcome,
	WalkRecord,
	walkInto,
	type PteMemory,
	type WalkRequest
} from '../src/lib/sim/mmu/walker';

const RAM_BASE = 0x8000_0000;
const ram = new Uint32Array((8 << 20) / 4);
const memory: PteMemory = {
	readPte(paddr) {
		const off = paddr - RAM_BASE;
		return off >= 0 && off < ram.length * 4 ? ram[off >>> 2] : undefined;
	},
	writePte(paddr, value) {
		const off = paddr - RAM_BASE;
		if (off < 0 || off >= ram.length * 4) return false;
		ram[off >>> 2] = value;
		return true;
	}
};

// Root at 0x8000_0000; 4 second-level tables map va 0..16 MiB onto RAM pages (wrapping), all A/D set.
const ROOT = RAM_BASE >>> 12;
const LEAF = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
for (let t = 0; t < 4; t++) {
	const table = ROOT + 1 + t;
	ram[t] = ((table << 10) | PTE_V) >>> 0;
	for (let i = 0; i < 1024; i++) {
		const frame = ROOT + 16 + ((t * 1024 + i) % 1024);
		ram[(table - ROOT) * 1024 + i] = ((frame << 10) | LEAF) >>> 0;
	}
}
const satp = makeSatp(1, ROOT);

function rate(label: string, n: number, body: (n: number) => number): void {
	body(Math.min(n, 200_000)); // warm up the JIT
	const t0 = performance.now();
	const cpu0 = process.cpuUsage();
	const sink = body(n);
	const cpu = process.cpuUsage(cpu0);
	const s = (performance.now() - t0) / 1000;
	const cpuS = (cpu.user + cpu.system) / 1e6;
	// CPU time as well as wall time: on a shared, loaded machine the CPU-time rate is the steadier figure.
	const m = (x: number) => (n / x / 1e6).toFixed(1).padStart(6);
	console.log(`${label.padEnd(60)} ${m(s)} M/s wall ${m(cpuS)} M/s cpu  (n=${n}, ${sink & 1})`);
}

const N = 20_000_000;

// 32 pages: a working set that fits the default TLB (64 small entries).
const hitMmu = new Mmu(memory);
rate('translate, TLB hit (32-page working set, loads/stores)', N, (n) => {
	let sum = 0;
	for (let i = 0; i < n; i++) {
		const va = ((i & 31) << 12) | ((i * 4) & 0xffc);
		sum =
			(sum +
				hitMmu.translate(va, i & 1 ? ACCESS_STORE : ACCESS_LOAD, PRIV_S, satp, false, false) +
				hitMmu.paddr) |
			0;
	}
	return sum;
});
rate('translate, TLB hit, sequential words (fetch-like locality)', N, (n) => {
	let sum = 0;
	for (let i = 0; i < n; i++) {
		sum =
			(sum +
				hitMmu.translate((i << 2) & 0x1_ffff, ACCESS_LOAD, PRIV_S, satp, false, false) +
				hitMmu.paddr) |
			0;
	}
	return sum;
});
const t = hitMmu.tlb!;
console.log(`  hits ${t.hits}, misses ${t.misses}, walks ${hitMmu.walks}`);

const walkMmu = new Mmu(memory, { tlb: null });
rate('translate, no TLB (every access walks)', N / 4, (n) => {
	let sum = 0;
	for (let i = 0; i < n; i++) {
		sum =
			(sum +
				walkMmu.translate((i & 4095) << 12, ACCESS_LOAD, PRIV_S, satp, false, false) +
				walkMmu.paddr) |
			0;
	}
	return sum;
});

const req: WalkRequest = {
	scheme: SV32,
	rootPpn: ROOT,
	priv: PRIV_S,
	sum: false,
	mxr: false,
	adMode: 'hardware',
	memory
};
const out = new WalkOutcome();
rate('walkInto alone', N / 4, (n) => {
	let sum = 0;
	for (let i = 0; i < n; i++) {
		walkInto(out, req, (i & 4095) << 12, ACCESS_LOAD);
		sum = (sum + out.paddr) | 0;
	}
	return sum;
});

const rec = new WalkRecord();
rate('walkInto with a WalkRecord', N / 10, (n) => {
	let sum = 0;
	for (let i = 0; i < n; i++) {
		walkInto(out, req, (i & 4095) << 12, ACCESS_LOAD, rec);
		sum = (sum + rec.steps.length) | 0;
	}
	return sum;
});

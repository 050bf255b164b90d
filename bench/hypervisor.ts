/**
 * `npm run bench`, section 3: the cost of virtualization. The teaching kernel with a CPU-bound set of
 * boot programs, bare (under the SBI firmware) and in one VM under trap-and-emulate: exits per million
 * guest instructions by reason and the slowdown in simulated cycles (each VM's cycles on its pCPUs,
 * exits and their costs included, against the bare run's cycles outside WFI, per guest instruction);
 * then 4 VMs on 2 harts: aggregate guest MIPS of the simulator and the share of cycles in the
 * hypervisor; then 16 VMs on 4 pCPUs under each vCPU scheduling policy (weights, a cap and
 * priorities set so each policy has work to do): aggregate guest MIPS, the share of the VMs'
 * cycles in the hypervisor, and scheduler decisions per second of simulation (wall clock) and per
 * simulated second (100 MHz). All of it under each engine (interpreter, then block translator): the
 * simulated figures must agree, the MIPS show what the translator buys.
 */
import { readFileSync } from 'node:fs';
import { EXIT_REASONS } from '../src/lib/sim/hv/costs';
import { Hypervisor } from '../src/lib/sim/hv/hypervisor';
import type { Technique } from '../src/lib/sim/hv/vm';
import { POLICIES } from '../src/lib/sim/hv/scheduler';
import { patchBootPrograms } from '../src/lib/sim/guest/boot-programs';
import { loadElf } from '../src/lib/sim/isa/elf';
import { Machine, type Engine } from '../src/lib/sim/machine/machine';

const WORKLOAD = ['spin', 'spin', 'memtouch', 'hello', 'faulty'];
const kernel = loadElf(patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), WORKLOAD));
const MiB = 1 << 20;

function seconds<T>(f: () => T): [T, number] {
	const t0 = performance.now();
	const r = f();
	return [r, (performance.now() - t0) / 1000];
}

/** Instructions the 16-VM host runs (summed over pCPUs): long enough for many accounting periods. */
const SIXTEEN_BUDGET = 60_000_000;
const PROGRAMS16 = [['spin', 'spin'], ['sleeper'], WORKLOAD, ['spin', 'memtouch']];
const images16 = PROGRAMS16.map((p) =>
	loadElf(patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), p))
);

function report(engine: Engine): void {
	const bare = new Machine({ firmware: 'sbi', consoleOut: () => {}, engine });
	bare.load(kernel);
	const [bareWhy, bareSeconds] = seconds(() => bare.run(Infinity));
	if (bareWhy.kind !== 'exited') throw new Error(`bare run ended ${bareWhy.kind}`);
	const bareInsns = bare.hart.instret;
	const bareCpi = (bare.hart.cycles - bare.idleCycles[0]) / bareInsns;

	function inVms(vms: number, harts: number, technique: Technique = 'trap-and-emulate') {
		const m = new Machine({ ramMiB: 256, harts, engine });
		const hv = new Hypervisor(m, {});
		for (let i = 0; i < vms; i++)
			hv.start(hv.create({ name: `vm${i}`, image: kernel, memory: 32 * MiB, vcpus: 1, technique }));
		if (hv.vm(0).s.technique !== technique) throw new Error('technique not applied');
		const [why, secs] = seconds(() => m.run(Infinity));
		if (why.kind !== 'exited' || why.code !== 0) throw new Error(`VM run ended ${JSON.stringify(why)}`);
		const vmList = hv.vmList;
		const guest = vmList.reduce((n, v) => n + v.s.counters.instructionsU + v.s.counters.instructionsS, 0);
		const busy = vmList.reduce((n, v) => n + v.s.vcpus.reduce((k, c) => k + c.cycles, 0), 0);
		const hvCycles = vmList.reduce((n, v) => n + v.s.counters.hvCycles, 0);
		return { hv, secs, guest, busy, hvCycles };
	}

	console.log(
		`\nvirtualization (engine ${engine}): the teaching kernel running ${WORKLOAD.join(' ')}\n` +
			`  bare:     ${bareInsns} instructions, ${bareCpi.toFixed(3)} cycles per instruction outside WFI, ` +
			`${(bareInsns / bareSeconds / 1e6).toFixed(1)} MIPS`
	);
	for (const technique of ['trap-and-emulate', 'tvm'] as const) {
		const one = inVms(1, 1, technique);
		const c = one.hv.vm(0).s.counters;
		const exits = EXIT_REASONS.reduce((n, r) => n + c.exits[r], 0);
		const perMillion = (n: number) => ((n / one.guest) * 1e6).toFixed(0);
		console.log(
			`  ${technique}, 1 VM:\n` +
				`    ${one.guest} guest instructions (vU ${c.instructionsU}, vS ${c.instructionsS}), ` +
				`${(one.busy / one.guest).toFixed(3)} cycles per instruction, slowdown ${(one.busy / one.guest / bareCpi).toFixed(2)}x, ` +
				`${(one.guest / one.secs / 1e6).toFixed(1)} guest MIPS\n` +
				`    exits: ${perMillion(exits)} per million guest instructions: ` +
				EXIT_REASONS.filter((r) => c.exits[r] > 0)
					.map((r) => `${r} ${perMillion(c.exits[r])}`)
					.join(', ') +
				`\n    hypervisor share of the VM's cycles: ${((100 * one.hvCycles) / one.busy).toFixed(1)}%`
		);
	}
	const four = inVms(4, 2);
	console.log(
		`  4 VMs on 2 harts: ${four.guest} guest instructions in ${four.secs.toFixed(2)} s, ` +
			`${(four.guest / four.secs / 1e6).toFixed(1)} aggregate guest MIPS, ` +
			`${((100 * four.hvCycles) / four.busy).toFixed(1)}% of the VMs' cycles in the hypervisor`
	);

	console.log(
		`  16 VMs on 4 pCPUs (hog, sleeper and the workload above; ${SIXTEEN_BUDGET / 1e6}M instructions):`
	);
	for (const policy of POLICIES) {
		const m = new Machine({ ramMiB: 512, harts: 4, engine });
		const hv = new Hypervisor(m, { scheduler: { policy, quantum: 100_000, period: 3_000_000 } });
		for (let i = 0; i < 16; i++) {
			// Weights 128..512, every fourth VM capped at 40% of a pCPU, priorities 0..3.
			const sched = { weight: 128 << (i % 3), cap: i % 4 === 3 ? 40 : 0, priority: i % 4 };
			const image = images16[i % images16.length];
			hv.start(hv.create({ name: `vm${i}`, image, memory: 16 * MiB, vcpus: 1, sched }));
		}
		const [, secs] = seconds(() => m.run(SIXTEEN_BUDGET));
		const vmList = hv.vmList;
		const guest = vmList.reduce((n, v) => n + v.s.counters.instructionsU + v.s.counters.instructionsS, 0);
		const busy = vmList.reduce((n, v) => n + v.s.vcpus.reduce((k, c) => k + c.cycles, 0), 0);
		const hvCycles = vmList.reduce((n, v) => n + v.s.counters.hvCycles, 0);
		const decisions = hv.s.sched.decisions;
		const simulated = Math.max(...m.harts.map((h) => h.cycles)) / m.cpuHz;
		console.log(
			`    ${policy.padEnd(8)} ${(guest / secs / 1e6).toFixed(1)} aggregate guest MIPS, ` +
				`${((100 * hvCycles) / busy).toFixed(1)}% of the VMs' cycles in the hypervisor, ` +
				`${(decisions / secs).toFixed(0)} scheduler decisions per second ` +
				`(${(decisions / simulated).toFixed(0)} per simulated second; ${decisions} in ${secs.toFixed(2)} s)`
		);
	}
}

for (const engine of ['interp', 'jit'] as const) report(engine);

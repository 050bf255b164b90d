/**
 * Isolation under the hypervisor: the invariant (no guest access reaches a frame its VM does not own)
 * holds for random guest programs that write random values to their CSRs and their own page tables
 * (fast-check, seeded); random bytes as guest code stop only their own VM; and each injected fault
 * (a shadow fill that trusts the guest's PPN, frames reused without zeroing) produces the breach,
 * named by an isolation-breach event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hypervisor, type Fault } from '../../src/lib/sim/hv/hypervisor';
import { PAGE } from '../../src/lib/sim/hv/frames';
import type { Technique } from '../../src/lib/sim/hv/vm';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import type { Program } from '../../src/lib/sim/isa/program';
import type { ReportedEvent } from '../../src/lib/sim/machine/machine';
import { Machine } from '../../src/lib/sim/machine/machine';
import './fast-check-seed';

const MiB = 1 << 20;
const KERNEL_BASE = 0x8020_0000;

function asm(src: string): Program {
	const { program, errors } = assemble(src, { base: KERNEL_BASE });
	expect(errors).toEqual([]);
	return program;
}

function host(faults: Fault[] = [], ramMiB = 64) {
	const m = new Machine({ ramMiB });
	const out: string[] = [];
	const hv = new Hypervisor(m, {
		faults,
		onConsole: (vm, b) => (out[vm] = (out[vm] ?? '') + String.fromCharCode(b))
	});
	const breaches: ReportedEvent[] = [];
	m.hooks.report.add((e) => {
		if (e.kind === 'isolation-breach') breaches.push(e);
	});
	return { m, hv, out, breaches };
}

/** Every leaf of every shadow table of a VM points at a frame that VM owns. */
function shadowLeavesOwned(hv: Hypervisor, vm: number): boolean {
	const ram = hv.m.ram;
	const word = (pa: number) => ram.i32[(pa - ram.base) >>> 2] >>> 0;
	for (const cpu of hv.vm(vm).s.vcpus)
		for (const sh of cpu.shadows) {
			if (sh.root < 0) continue;
			for (let i = 0; i < 1024; i++) {
				const top = word(sh.root + i * 4);
				if ((top & 1) === 0) continue;
				for (let j = 0; j < 1024; j++) {
					const pte = word((top >>> 10) * PAGE + j * 4);
					if (pte & 1 && hv.frames.ownerOf((pte >>> 10) * PAGE) !== vm) return false;
				}
			}
		}
	return true;
}

const S_CSRS = [
	0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144, 0x180, 0x300, 0x305, 0x341, 0xc00,
	0xc01
];

/** A guest kernel that survives its own faults: the handler skips the faulting instruction. */
function randomGuest(ops: string[]): Program {
	return asm(`
	.globl _start
_start:
	la t0, handler
	csrw stvec, t0
	li s1, 0x80000000
${ops.join('\n')}
	li a7, 0x53525354
	li a6, 0
	li a0, 0
	li a1, 0
	ecall
9:	j 9b
	.balign 4
handler:
	csrr t0, sepc
	addi t0, t0, 4
	csrw sepc, t0
	sret
`);
}

const op = fc.oneof(
	fc
		.tuple(
			fc.constantFrom(...S_CSRS),
			fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
			fc.constantFrom('csrw', 'csrs', 'csrc')
		)
		.map(([csr, v, insn]) => `	li t1, ${v}\n	${insn} ${csr}, t1`),
	// A store of a random value into its own RAM (its page tables may be there: satp points anywhere).
	fc
		.tuple(fc.integer({ min: 0, max: 8 * MiB - 4 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))
		.map(([off, v]) => `	li t2, ${off & ~3}\n	add t2, t2, s1\n	li t1, ${v}\n	sw t1, 0(t2)`),
	// A satp that turns paging on with a root somewhere in (or outside) its memory.
	fc.integer({ min: 0, max: 0x3f_ffff }).map((ppn) => `	li t1, ${0x8000_0000 | ppn | 0}\n	csrw satp, t1`),
	fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((a) => `	li t2, ${a}\n	lw t1, 0(t2)`),
	fc.constantFrom('	sfence.vma', '	sret', '	ecall', '	ebreak', '	csrr t1, time', '	fence.i')
);

describe('the isolation invariant', () => {
	it('holds for random guests that write random CSRs and their own page tables', () => {
		fc.assert(
			fc.property(
				fc.array(op, { minLength: 1, maxLength: 40 }),
				fc.constantFrom<Technique>('trap-and-emulate', 'tvm'),
				(ops, technique) => {
					const { m, hv } = host();
					const guest = randomGuest(ops);
					const victim = asm('_start: j _start');
					hv.start(
						hv.create({ name: 'guest', image: guest, memory: 8 * MiB, vcpus: 1, technique })
					);
					hv.start(hv.create({ name: 'victim', image: victim, memory: 8 * MiB, vcpus: 1 }));
					m.run(300_000);
					expect(hv.s.breaches).toEqual([]);
					expect(shadowLeavesOwned(hv, 0)).toBe(true);
					expect(shadowLeavesOwned(hv, 1)).toBe(true);
					// Whatever the guest did, the other VM still runs.
					expect(hv.vm(1).s.status).toBe('running');
					expect(hv.vm(0).s.reason ?? '').not.toMatch(/hypervisor error/);
				}
			),
			{ numRuns: 40 }
		);
	});

	it('random bytes as guest code stop only their own VM, and never the hypervisor', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 64, maxLength: 4096 }),
				fc.constantFrom<Technique>('trap-and-emulate', 'tvm'),
				(bytes, technique) => {
					const { m, hv } = host();
					const garbage: Program = {
						entry: KERNEL_BASE,
						segments: [{ addr: KERNEL_BASE, data: bytes, memSize: bytes.length }],
						symbols: []
					} as unknown as Program;
					hv.start(
						hv.create({ name: 'garbage', image: garbage, memory: 4 * MiB, vcpus: 1, technique })
					);
					hv.start(
						hv.create({
							name: 'fine',
							image: asm('_start: addi a0, a0, 1\n j _start'),
							memory: 4 * MiB,
							vcpus: 1
						})
					);
					expect(() => m.run(200_000)).not.toThrow();
					expect(['running', 'crashed', 'shut-down']).toContain(hv.vm(0).s.status);
					expect(hv.vm(0).s.reason ?? '').not.toMatch(/hypervisor error/);
					expect(hv.vm(1).s.status).toBe('running');
					expect(hv.s.breaches).toEqual([]);
				}
			),
			{ numRuns: 60 }
		);
	});
});

/**
 * A guest kernel that maps a 4 MiB megapage at 0x4000_0000 over guest-physical `target` (its own page
 * tables at 0x8030_0000, its code on a 4 KiB page), reads the word there and prints it in hex through
 * the SBI console, then shuts down.
 */
function peeker(target: number): Program {
	const mega = Math.floor(target / (4 * MiB)) * 1024; // the megapage's PPN (4 MiB aligned)
	const va = 0x4000_0000 + (target % (4 * MiB));
	return asm(`
	.globl _start
_start:
	li t0, 0x80300000
	li t3, 0x80300800
	li t2, ${(0x80301 << 10) | 1}
	sw t2, 0(t3)                # root[0x200]: the table for 0x8000_0000..0x803f_ffff
	li t1, 0x80301800
	li t2, ${(((0x80200 << 10) | 0xcf) >>> 0) | 0}
	sw t2, 0(t1)                # its entry 0x200: this code page, RWX
	li t2, ${(mega << 10) | 0x43 | 0}
	sw t2, 0x400(t0)            # root[0x100]: a megapage leaf (V R A) over the target
	li t2, ${0x8000_0000 | 0x80300 | 0}
	csrw satp, t2
	sfence.vma
	li t0, ${va | 0}
	lw s0, 0(t0)
	li s1, 28
1:	srl t1, s0, s1
	andi t1, t1, 15
	la t2, digits
	add t2, t2, t1
	lbu a0, 0(t2)
	li a7, 1
	ecall
	addi s1, s1, -4
	bgez s1, 1b
	li a7, 0x53525354
	li a6, 0
	li a0, 0
	li a1, 0
	ecall
digits:
	.ascii "0123456789abcdef"
`);
}

describe('injected faults break isolation, and the breach is named', () => {
	const SECRET = 0x5ec2e7;
	const victimImage = () => asm(`_start: li t0, ${SECRET}\n sw t0, 256(zero)\n j _start`);

	it("unchecked-shadow-ppn: a guest reads another VM's frame through a fill that trusts its PPN", () => {
		for (const faults of [[], ['unchecked-shadow-ppn']] as Fault[][]) {
			const { m, hv, out, breaches } = host(faults, 256);
			const victim = hv.create({ name: 'victim', image: victimImage(), memory: 4 * MiB, vcpus: 1 });
			const pa = hv.vm(victim).map.lookup(KERNEL_BASE);
			expect(pa).toBeGreaterThan(0);
			const word = (hv.m.ram.i32[(pa - hv.m.ram.base) >>> 2] >>> 0).toString(16).padStart(8, '0');
			const attacker = hv.create({ name: 'attacker', image: peeker(pa), memory: 128 * MiB, vcpus: 1 });
			hv.start(victim);
			hv.start(attacker);
			m.run(2_000_000);
			if (faults.length === 0) {
				expect(out[attacker]).toBe('00000000'); // its own, untouched, zeroed memory
				expect(breaches).toEqual([]);
			} else {
				expect(
					out[attacker],
					JSON.stringify([
						hv.vm(attacker).s.status,
						hv.vm(attacker).s.reason,
						hv.vm(attacker).s.counters
					])
				).toBe(word); // the victim first instruction
				const b = breaches.find((e) => e.vm === attacker && e.pa === pa);
				expect(b, JSON.stringify(breaches.slice(0, 3))).toMatchObject({
					vm: attacker,
					owner: victim,
					pa
				});
			}
		}
	});

	it("unzeroed-frames: a new VM is handed an old VM's frames with its data still in them", () => {
		for (const faults of [[], ['unzeroed-frames']] as Fault[][]) {
			const { m, hv, breaches } = host(faults);
			const old = hv.create({
				name: 'old',
				image: asm(
					`_start: li t0, ${SECRET}\n li t1, 0x80300000\n sw t0, 0(t1)\n li a7, 0x53525354\n li a6, 0\n li a0, 0\n li a1, 0\n ecall`
				),
				memory: 4 * MiB,
				vcpus: 1
			});
			hv.start(old);
			m.run(100_000);
			expect(hv.vm(old).s.status).toBe('shut-down');
			hv.destroy(old);
			const fresh = hv.create({
				name: 'new',
				image: asm('_start: j _start'),
				memory: 4 * MiB,
				vcpus: 1
			});
			// Touch the new VM's memory page by page, as its kernel would; look for the old secret.
			let found = false;
			for (let gpa = 0x8000_0000; gpa < 0x8040_0000; gpa += PAGE) {
				const page = hv.vm(fresh).mem.read(gpa, PAGE)!;
				if (new DataView(page.buffer).getUint32(0, true) === SECRET) found = true;
			}
			expect(found).toBe(faults.length > 0);
			const named = breaches.filter((e) => e.vm === fresh && e.owner === old);
			expect(named.length > 0).toBe(faults.length > 0);
		}
	});
});

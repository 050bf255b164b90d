/**
 * The session serves scenarios: load one (YAML and its images), see the VMs and their vCPUs, run to
 * the next VM exit, and step back across exits and VM switches to exactly where it was (the property:
 * n steps forward then n back is the same state, for random n).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';
import './fast-check-seed';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const SCENARIO = `name: two
host: { harts: 1, ram: 64 MiB }
vms:
  - { name: alpha, image: kernel.elf, memory: 8 MiB }
  - { name: beta, image: kernel.elf, memory: 8 MiB, technique: tvm, programs: [hello] }
`;

async function loaded(): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load(
		{ scenario: SCENARIO, images: { 'kernel.elf': kernel } },
		{ checkpointInterval: 20_000 }
	);
	expect(r).toMatchObject({ ok: true, errors: [] });
	return s;
}

/**
 * What must come back exactly: each VM (vCPUs' registers, virtual CSRs, counters) and hart 0
 * (without lastWritten: which register the last step wrote is about that step, not the state).
 */
async function state(s: Session) {
	const { lastWritten: _, ...regs } = await s.registers(0);
	return {
		vms: await s.vms(),
		regs,
		status: (await s.status()).position,
		console: await s.console()
	};
}

describe('a session with a scenario', () => {
	it('shows the VMs, and the console with each line prefixed by its VM', async () => {
		const s = await loaded();
		const before = await s.vms();
		expect(before.map((v) => [v.name, v.status, v.technique])).toEqual([
			['alpha', 'running', 'trap-and-emulate'],
			['beta', 'running', 'tvm']
		]);
		await s.step(3_000_000);
		const vms = await s.vms();
		expect(vms[0].counters.exits.csr).toBeGreaterThan(0);
		expect(vms[0].vcpus[0].pc).toBeGreaterThan(0);
		expect(vms[0].frames).toBeGreaterThan(100);
		const out = await s.console();
		expect(out).toMatch(/^\[alpha\] vmscope teaching kernel/m);
		expect(out).toMatch(/^\[beta\] vmscope teaching kernel/m);
	});

	it('runs until the next VM exit, and the exit is named', async () => {
		const s = await loaded();
		await s.step(500_000);
		const off = await s.subscribe(['vm-exit'], () => {});
		const r = await s.runUntil({ eventKind: ['vm-exit'], maxInstructions: 1_000_000 });
		expect(r.reason).toBe('event');
		const [exit] = (await s.recentEvents(1)).filter((e) => e.kind === 'vm-exit');
		expect(exit).toMatchObject({ kind: 'vm-exit' });
		await off();
	});

	it('steps back across exits and VM switches to the same state', async () => {
		const s = await loaded();
		await s.step(400_000);
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 60_000 }), async (n) => {
				const here = await state(s);
				await s.step(n);
				await s.stepBack(n);
				expect(await state(s)).toEqual(here);
			}),
			{ numRuns: 12 }
		);
	});

	it('steps one VM by guest instructions, and back by the same steps, for random n', async () => {
		const s = await loaded();
		await s.step(300_000);
		const retired = async (vm: number) => (await s.vms())[vm].vcpus.reduce((n, c) => n + c.instret, 0);
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 0, max: 1 }),
				fc.integer({ min: 1, max: 5_000 }),
				async (vm, n) => {
					const here = await state(s);
					const before = await retired(vm);
					const r = await s.runUntil({ vm, guestInstructions: n, maxInstructions: 5_000_000 });
					expect(r.reason).toBe('guest-instructions');
					expect(await retired(vm)).toBe(before + n);
					await s.stepBack(r.steps);
					expect(await state(s)).toEqual(here);
				}
			),
			{ numRuns: 10 }
		);
	});

	it('runs until an exit of one VM only', async () => {
		const s = await loaded();
		await s.step(200_000);
		for (const vm of [1, 0, 1]) {
			const r = await s.runUntil({ eventKind: ['vm-exit'], vm, maxInstructions: 2_000_000 });
			expect(r.reason).toBe('event');
			expect(r.event).toMatchObject({ kind: 'vm-exit', vm });
		}
	});

	it('runs until an exit of one reason only', async () => {
		const s = await loaded();
		const r = await s.runUntil({
			eventKind: ['vm-exit'],
			vm: 0,
			exitReasons: ['sret'],
			maxInstructions: 20_000_000
		});
		expect(r.reason).toBe('event');
		expect(r.event).toMatchObject({ kind: 'vm-exit', vm: 0, reason: 'sret' });
	});

	it('translates a guest address in two stages without changing anything', async () => {
		const s = await loaded();
		await s.step(1_500_000);
		const [alpha] = await s.vms();
		const pc = alpha.vcpus[0].pc;
		const before = await state(s);
		const t = await s.vmTranslate(0, 0, pc, 0);
		expect(t).not.toBeNull();
		expect(t!.gpa).not.toBeNull();
		expect(t!.hpa).not.toBeNull();
		expect(t!.owner).toBe(0);
		// The bytes read through the guest's translation are the bytes at the host address.
		const virt = await s.vmMemory(0, pc, 4, 0);
		const host = await s.memory(t!.hpa!, 4);
		expect(virt!.bytes).toEqual(host.bytes);
		expect(virt!.mapped).toEqual([true, true, true, true]);
		const phys = await s.vmMemory(0, t!.gpa!, 4);
		expect(phys!.bytes).toEqual(host.bytes);
		// When the guest pages, its walk ends in the gpa; a filled shadow entry ends in the hpa.
		if (t!.guest) expect(t!.guest.ok && t!.guest.paddr === t!.gpa).toBe(true);
		if (t!.shadow?.ok) expect(t!.shadow.paddr).toBe(t!.hpa);
		expect(await state(s)).toEqual(before);
		expect(await s.vmTranslate(5, 0, 0)).toBeNull();
		expect(await s.vmMemory(0, 0, 4, 3)).toBeNull();
	});

	it('a malformed scenario is refused with the path and the problem', async () => {
		const s = createLocalSession();
		const r = await s.load({
			scenario: SCENARIO.replace('8 MiB', '6 KiB'),
			images: { 'kernel.elf': kernel }
		});
		expect(r.ok).toBe(false);
		expect(r.errors).toContain('vms[0].memory: 6 KiB is not a multiple of 4 KiB');
		const missing = await s.load({ scenario: SCENARIO, images: {} });
		expect(missing.ok).toBe(false);
		expect(missing.errors[0]).toMatch(/vms\[0\]\.image/);
	});
});

/**
 * The playground's Sv32 paging example: it runs to the test finisher, and every page walk it makes
 * reads the PTEs and reaches the physical addresses worked out here by hand from §4.3.2
 * (pteAddr = table + VPN[i] × 4; PA = leaf PPN × 4096 + offset, or for a megapage
 * PPN[1] ‖ VPN[0] ‖ offset).
 */
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session';
import type { EventOf, TraceEvent } from '../../src/lib/sim/trace/events';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { EXAMPLES } from '../../src/routes/playground/examples';
import { DEFAULT_MACHINE_OPTIONS, PlaygroundMachine } from '../../src/routes/playground/machine-adapter';

type Walk = EventOf<'page-walk'>;

const source = EXAMPLES.find((e) => e.id === 'paging')?.source ?? '';

// The tables and frames, as the example's .equ lines place them.
const ROOT = 0x8001_0000;
const LEAF_TABLE = 0x8001_1000;
// PTEs by hand: PPN << 10 | flags (D A G U X W R V = bits 7..0).
const PTR = (0x80011 << 10) | 0x01; // V only: a pointer
const MEGA_CODE = (0x80000 << 10) | 0x40 | 0x08 | 0x02 | 0x01; // A X R V
const DATA = (0x80020 << 10) | 0x80 | 0x40 | 0x04 | 0x02 | 0x01; // D A W R V
const RO = (0x80021 << 10) | 0x40 | 0x02 | 0x01; // A R V

async function run() {
	const session = createLocalSession();
	const events: TraceEvent[] = [];
	await session.subscribe(['page-walk'], (batch) => events.push(...batch));
	const loaded = await session.load({ asm: source }, { ramMiB: 1 });
	expect(loaded.errors).toEqual([]);
	const result = await session.runUntil({ maxInstructions: 10_000 });
	const walks = events.filter((e): e is Walk => e.kind === 'page-walk');
	const walkAt = (va: number) => walks.find((w) => w.va === va);
	return { session, result, walks, walkAt };
}

describe('the Sv32 paging example', () => {
	it('is listed with its title', () => {
		expect(EXAMPLES.find((e) => e.id === 'paging')?.title).toBe('Sv32 paging');
	});

	it('runs to the finisher after the page fault, with mcause 13 and mtval the unmapped VA', async () => {
		const { session, result } = await run();
		expect(result.reason).toBe('exited');
		expect(result.stop).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
		const csr = new Map((await session.csrs()).map((c) => [c.name, c.value >>> 0]));
		// satp: MODE 1 (bit 31), ASID 1 (bits 30:22), PPN 0x80010.
		expect(csr.get('satp')).toBe((0x8000_0000 | (1 << 22) | 0x80010) >>> 0);
		expect(csr.get('mcause')).toBe(13);
		expect(csr.get('mtval')).toBe(0x0040_3000);
		const { x } = await session.registers();
		expect(x[21] >>> 0, 's5 = mcause').toBe(13);
		expect(x[22] >>> 0, 's6 = mtval').toBe(0x0040_3000);
		// The loads through virtual addresses read what M-mode wrote at other physical addresses.
		expect(x[11] >>> 0, 'a1').toBe(0x600df00e);
		expect(x[12] >>> 0, 'a2').toBe(0xbeef);
		const stored = await session.memory(0x8002_0124, 4);
		expect(new DataView(stored.bytes.buffer, stored.bytes.byteOffset).getUint32(0, true)).toBe(
			0x600df00e
		);
	});

	it('fetches S-mode code through the megapage: one PTE read at level 1, VA = PA', async () => {
		const { walks } = await run();
		const fetch = walks[0];
		expect(fetch.access).toBe(0);
		expect(fetch.va >>> 22).toBe(0x200);
		expect(fetch.steps).toEqual([
			{ level: 1, pteAddr: ROOT + 0x200 * 4, pte: MEGA_CODE, decision: 'leaf' }
		]);
		expect(fetch.ok).toBe(true);
		expect(fetch.paddr).toBe(fetch.va);
	});

	it('walks both levels for VA 0x00401120 and reaches PA 0x80020120', async () => {
		const { walkAt } = await run();
		const w = walkAt(0x0040_1120);
		// VPN[1] = 0x00401120 >> 22 = 1; VPN[0] = (0x00401120 >> 12) & 0x3ff = 1; offset 0x120.
		expect(w?.steps).toEqual([
			{ level: 1, pteAddr: ROOT + 1 * 4, pte: PTR, decision: 'next' },
			{ level: 0, pteAddr: LEAF_TABLE + 1 * 4, pte: DATA, decision: 'leaf' }
		]);
		expect(w?.ok).toBe(true);
		expect(w?.access).toBe(1);
		expect(w?.paddr).toBe(0x8002_0000 + 0x120);
	});

	it('does not walk for the store to the same page (the TLB has it)', async () => {
		const { walks } = await run();
		expect(walks.filter((w) => w.va >>> 12 === 0x401)).toHaveLength(1);
		expect(walks.map((w) => w.va >>> 0).filter((va) => va < 0x8000_0000)).toEqual([
			0x0040_1120, 0x0040_2000, 0x0040_3000
		]);
	});

	it('reaches the read-only page at PA 0x80021000 through VPN[0] = 2', async () => {
		const { walkAt } = await run();
		const w = walkAt(0x0040_2000);
		expect(w?.steps).toEqual([
			{ level: 1, pteAddr: ROOT + 4, pte: PTR, decision: 'next' },
			{ level: 0, pteAddr: LEAF_TABLE + 2 * 4, pte: RO, decision: 'leaf' }
		]);
		expect(w?.paddr).toBe(0x8002_1000);
	});

	it('stops at the invalid PTE for VA 0x00403000 with a load page fault', async () => {
		const { walkAt } = await run();
		const w = walkAt(0x0040_3000);
		expect(w?.steps).toEqual([
			{ level: 1, pteAddr: ROOT + 4, pte: PTR, decision: 'next' },
			{ level: 0, pteAddr: LEAF_TABLE + 3 * 4, pte: 0, decision: 'invalid' }
		]);
		expect(w?.ok).toBe(false);
		expect(w?.cause).toBe(13);
	});
});

describe('the playground adapter keeps the last walk for the view', () => {
	async function stepTo(m: PlaygroundMachine, pc: number) {
		for (let i = 0; i < 200 && (await m.view()).pc !== pc; i++) await m.step();
		expect((await m.view()).pc).toBe(pc);
	}

	it('has none before paging, the fetch walk after mret, the load walk after the load', async () => {
		const program = assemble(source, { file: 'program.s' }).program;
		const at = (name: string) => program.symbols.find((s) => s.name === name)!.addr >>> 0;
		const m = new PlaygroundMachine(createLocalSession());
		expect(await m.load(program, DEFAULT_MACHINE_OPTIONS)).toEqual([]);
		expect((await m.view()).pageWalk).toBeNull();
		await stepTo(m, at('supervisor'));
		expect((await m.view()).pageWalk).toBeNull();
		await m.step(); // li s2, VA_DATA: fetched through the megapage
		const fetch = (await m.view()).pageWalk;
		expect(fetch?.access).toBe(0);
		expect(fetch?.steps.map((s) => s.pteAddr)).toEqual([ROOT + 0x200 * 4]);
		await m.step(); // lw a1, 0x120(s2)
		const load = (await m.view()).pageWalk;
		expect(load?.va).toBe(0x0040_1120);
		expect(load?.steps.map((s) => s.pteAddr)).toEqual([ROOT + 4, LEAF_TABLE + 4]);
		expect(load?.paddr).toBe(0x8002_0120);
		await m.step(); // addi: no walk, the load's stays
		expect((await m.view()).pageWalk?.va).toBe(0x0040_1120);
		await m.stepBack();
		await m.stepBack(); // before the load: the fetch walk again
		expect((await m.view()).pageWalk?.access).toBe(0);
		await m.reset();
		expect((await m.view()).pageWalk).toBeNull();
	});
});

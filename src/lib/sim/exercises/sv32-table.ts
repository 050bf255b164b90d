/**
 * The Sv32 exercise's page table as plain data (physical words in a sparse map) and the one way to
 * walk it: the simulator's own walker (mmu/walker.ts), on a copy of memory, so a walk that sets A/D
 * bits never changes the problem. The explorer widget on the page calls the same function.
 */
import { CAUSE_NAMES } from '../hart/causes';
import {
	PRIV_S,
	PRIV_U,
	SV32,
	WalkRecord,
	pageWalk,
	type Access,
	type AdMode,
	type Privilege,
	type WalkResult
} from '../mmu/walker';

/** RAM as the problem has it: 16 MiB from 0x8000_0000; a PTE read elsewhere is an access fault. */
export const TABLE_RAM_BASE = 0x8000_0000;
export const TABLE_RAM_SIZE = 16 * 1024 * 1024;

export interface Sv32Setup {
	rootPpn: number;
	/** Physical word address → value (unsigned), every word not listed is zero. */
	words: [number, number][];
	sum: boolean;
	mxr: boolean;
	adMode: AdMode;
}

export interface Sv32Walk {
	result: WalkResult;
	record: ReturnType<WalkRecord['toJSON']>;
}

export const ACCESS_NAMES = ['instruction fetch', 'load', 'store'] as const;
export const PRIV_NAMES: Record<Privilege, string> = { 0: 'U', 1: 'S', 3: 'M' };

/** Walk `va` for `access` in `priv` on a private copy of the setup's memory. */
export function walkSetup(setup: Sv32Setup, va: number, access: Access, priv: Privilege): Sv32Walk {
	const mem = new Map(setup.words);
	const inRam = (a: number) => a >= TABLE_RAM_BASE && a + 4 <= TABLE_RAM_BASE + TABLE_RAM_SIZE;
	const rec = new WalkRecord();
	const result = pageWalk(
		{
			scheme: SV32,
			rootPpn: setup.rootPpn,
			priv,
			sum: setup.sum,
			mxr: setup.mxr,
			adMode: setup.adMode,
			memory: {
				readPte: (a) => (inRam(a) ? (mem.get(a) ?? 0) : undefined),
				writePte: (a, v) => {
					if (!inRam(a)) return false;
					mem.set(a, v >>> 0);
					return true;
				}
			}
		},
		va >>> 0,
		access,
		rec
	);
	return { result, record: rec.toJSON() };
}

/** The outcome of a walk in a form two walks can be compared by. */
export function outcomeKey(r: WalkResult): string {
	return r.ok ? `pa ${r.paddr}` : `fault ${r.cause}`;
}

export const hex = (n: number, digits = 8) => '0x' + (n >>> 0).toString(16).padStart(digits, '0');
export const hexPa = (n: number) => '0x' + n.toString(16).padStart(n > 0xffff_ffff ? 9 : 8, '0');

const REASONS: Record<string, string> = {
	invalid: 'its V bit is 0, so the walk stops with a page fault (§4.3.2 step 3)',
	'reserved-wx': 'it has W=1 but R=0, a reserved combination: page fault (step 3)',
	'no-leaf': 'it is a pointer (R=X=0) at level 0, where only a leaf may be: page fault (step 4)',
	permission: 'its R/W/X/U bits do not allow this access in this mode: page fault (step 5)',
	'misaligned-superpage':
		'it is a megapage leaf whose PPN[0] is not zero, a misaligned superpage: page fault (step 6)',
	'accessed-dirty': 'A (or D, for a store) is 0 and A/D updates are left to software: page fault (step 7)',
	'pte-read-fault': 'reading it fails: the address is outside RAM, an access fault (step 2)',
	'pte-write-fault': 'writing A/D back fails: an access fault (step 7)',
	next: 'a pointer to the next table',
	leaf: 'the leaf'
};

/** The walk in sentences, one per PTE read, for the answer key's explanation. */
export function explainWalk(w: Sv32Walk): string {
	const r = w.record;
	const parts = r.steps.map((s) => {
		const value = s.pte === null ? 'unreadable' : hex(s.pte);
		return `L${s.level}: PTE at ${hexPa(s.pteAddr)} (table ${hexPa(s.tableAddr)} + ${s.index}×4) = ${value}, ${REASONS[s.decision] ?? s.decision}`;
	});
	const end = w.result.ok
		? `PA = ${hexPa(w.result.paddr)} (PPN ${hex(w.result.paddr >>> 12, 5)} × 4096 + offset)`
		: `cause ${w.result.cause} (${CAUSE_NAMES[w.result.cause]})`;
	return `${parts.join('; ')}; ${end}.`;
}

export { PRIV_S, PRIV_U };

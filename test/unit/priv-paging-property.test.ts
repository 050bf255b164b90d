/**
 * Property: for random leaf PTE flags, privilege, SUM and MXR, the hart's outcome for a load, a store
 * or a fetch through the page equals a reference model of §4.3.1/§4.3.2 written here, also when a
 * load or store to the same page ran just before (the loop's one-page windows must not widen rights).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { Machine } from '../../src/lib/sim/machine/machine';
import { poke32, RAM } from './hart-harness';

const ROOT = 0x8010_0000;
const L0 = 0x8010_1000;
const PAGE = 0x8020_0000;
const VA = 0x4000_0000;
const [V, R, W, X, U, A, D] = [1, 2, 4, 8, 16, 64, 128];
const pte = (pa: number, flags: number) => ((pa >>> 12) << 10) | flags;
const LW = 0x00042503; // lw a0,0(s0)
const SW = 0x00a42023; // sw a0,0(s0)
const JR = 0x00040067; // jalr zero,0(s0)
type Kind = 'load' | 'store' | 'fetch';
const WORD: Record<Kind, number> = { load: LW, store: SW, fetch: JR };

/** The reference: the cause the access raises, 0 when it is allowed (hardware A/D: never an A/D fault). */
function reference(flags: number, user: boolean, sum: boolean, mxr: boolean, kind: Kind): number {
	const fault = { load: 13, store: 15, fetch: 12 }[kind];
	if (!(flags & V) || (flags & (R | W)) === W) return fault;
	if (!(flags & (R | X))) return fault; // a pointer at the last level
	if (user && !(flags & U)) return fault;
	if (!user && flags & U && (kind === 'fetch' || !sum)) return fault;
	if (kind === 'fetch') return flags & X ? 0 : fault;
	if (kind === 'store') return flags & W ? 0 : fault;
	return flags & R || (mxr && flags & X) ? 0 : fault;
}

function outcome(flags: number, user: boolean, sum: boolean, mxr: boolean, warm: Kind | null, kind: Kind) {
	const words = warm ? [WORD[warm], WORD[kind]] : [WORD[kind]];
	const data = new Uint8Array(words.length * 4);
	words.forEach((w, i) => new DataView(data.buffer).setUint32(4 * i, w, true));
	const m = new Machine({ ramMiB: 4 });
	m.load({
		entry: RAM,
		segments: [{ addr: RAM, data, memSize: data.length, flags: { read: true, write: true, exec: true } }],
		symbols: [],
		lines: []
	});
	const h = m.hart;
	const mode = user ? Mode.User : Mode.Supervisor;
	h.reset(RAM, mode);
	h.mtvec = RAM + 0x800;
	poke32(m, ROOT + 4 * 0x200, pte(RAM, V | R | W | X | A | D | (user ? U : 0)));
	poke32(m, ROOT + 4 * (VA >>> 22), pte(L0, V));
	poke32(m, L0, pte(PAGE, flags));
	h.mstatus |= (sum ? 1 << 18 : 0) | (mxr ? 1 << 19 : 0);
	h.setSatp((0x8000_0000 | (ROOT >>> 12)) >>> 0);
	h.x[8] = VA;
	if (warm) {
		m.run(1);
		// back to the test instruction in the same mode, windows as the warm-up left them (no trap)
		if (h.traps > 0) return null;
	}
	m.run(kind === 'fetch' ? 2 : 1); // a fetch: the jump, then the fetch at VA
	if (h.traps === 0) return 0;
	// A permitted fetch lands on a zero word: illegal instruction at VA.
	if (kind === 'fetch' && h.mcause === 2 && h.mepc >>> 0 === VA) return 0;
	expect(h.mtval >>> 0).toBe(VA);
	return h.mcause;
}

describe('hart + MMU agree with a reference model of Sv32 permissions', () => {
	it('random flags, privilege, SUM, MXR, access, after a random warm-up access', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 255 }),
				fc.boolean(),
				fc.boolean(),
				fc.boolean(),
				fc.constantFrom<Kind | null>(null, 'load', 'store'),
				fc.constantFrom<Kind>('load', 'store', 'fetch'),
				(flags, user, sum, mxr, warm, kind) => {
					const got = outcome(flags, user, sum, mxr, warm, kind);
					if (got === null) return true; // the warm-up itself faulted: nothing left to compare
					return got === reference(flags, user, sum, mxr, kind);
				}
			),
			{ numRuns: 400 }
		);
	});
});

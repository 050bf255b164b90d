/**
 * CSR names as they were in older privileged specs, for programs whose ELF says it was built for
 * one (the Tag_RISCV_priv_spec attribute): objdump names CSRs by that version, so we do too.
 *
 * vmscope's own CSR table (../csrs.ts) is privileged spec 1.12. Each older version is a small
 * difference from it, transcribed from binutils 2.40 `include/opcode/riscv-opc.h` (DECLARE_CSR
 * define/abort versions) and checked against objdump -M priv-spec=… for all 4096 numbers
 * (disasm-oracle.test.ts).
 */
import { csrName } from '../csrs';

export type PrivSpec = '1.9.1' | '1.10' | '1.11' | '1.12';
export const PRIV_SPECS: readonly PrivSpec[] = ['1.9.1', '1.10', '1.11', '1.12'];

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Named first in 1.12: envcfg, mstatush, mtinst/mtval2, mseccfg, mconfigptr, the extra PMP CSRs. */
const NEW_IN_1_12 = [
	0x10a,
	0x30a,
	0x310,
	0x31a,
	0x34a,
	0x34b,
	0x747,
	0x757,
	0xf15,
	...range(0x3a4, 0x3af),
	...range(0x3c0, 0x3ef)
];

/** The N extension (user-level interrupts), dropped in 1.12. */
const N_EXTENSION: [number, string][] = [
	[0x000, 'ustatus'], [0x004, 'uie'], [0x005, 'utvec'], [0x040, 'uscratch'], [0x041, 'uepc'],
	[0x042, 'ucause'], [0x043, 'utval'], [0x044, 'uip'], [0x102, 'sedeleg'], [0x103, 'sideleg']
]; // prettier-ignore

/** 1.9.1 names later renamed or removed (base-and-bound registers, *badaddr, sptbr). */
const V1_9_1: [number, string][] = [
	[0x043, 'ubadaddr'], [0x143, 'sbadaddr'], [0x180, 'sptbr'], [0x320, 'mucounteren'],
	[0x321, 'mscounteren'], [0x322, 'mhcounteren'], [0x343, 'mbadaddr'], [0x380, 'mbase'],
	[0x381, 'mbound'], [0x382, 'mibase'], [0x383, 'mibound'], [0x384, 'mdbase'], [0x385, 'mdbound']
]; // prettier-ignore

interface Delta {
	readonly names: ReadonlyMap<number, string>;
	readonly unnamed: ReadonlySet<number>;
}

const DELTAS: Record<Exclude<PrivSpec, '1.12'>, Delta> = {
	'1.11': { names: new Map(N_EXTENSION), unnamed: new Set(NEW_IN_1_12) },
	// mcountinhibit arrived in 1.11.
	'1.10': { names: new Map(N_EXTENSION), unnamed: new Set([...NEW_IN_1_12, 0x320]) },
	// scounteren/mcounteren and PMP arrived in 1.10.
	'1.9.1': {
		names: new Map([...N_EXTENSION, ...V1_9_1]),
		unnamed: new Set([...NEW_IN_1_12, 0x106, 0x306, ...range(0x3a0, 0x3a3), ...range(0x3b0, 0x3bf)])
	}
};

/** The name objdump prints for CSR `num` under privileged spec `spec`. */
export function csrNameIn(num: number, spec: PrivSpec = '1.12'): string {
	if (spec === '1.12') return csrName(num);
	const delta = DELTAS[spec];
	const old = delta.names.get(num);
	if (old !== undefined) return old;
	return delta.unnamed.has(num) ? `0x${num.toString(16)}` : csrName(num);
}

/** objdump's mapping from the ELF attribute's numbers to a spec; undefined for unknown versions. */
export function privSpecFromNumbers(major: number, minor: number, revision: number): PrivSpec | undefined {
	const v = `${major}.${minor}.${revision}`;
	return ({ '1.9.1': '1.9.1', '1.10.0': '1.10', '1.11.0': '1.11', '1.12.0': '1.12' } as const)[v];
}

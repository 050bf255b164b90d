/**
 * The CSRs a student reads while stepping, in four groups (trap, status, paging, counters), each
 * value with a decoded reading where the bits teach something: mcause's name, mstatus's fields,
 * satp's mode/ASID/PPN, mtvec's base and mode. Pure data in and out, so the view stays thin.
 */
import { causeName } from '$lib/sim/hart/causes';
import { hex32 } from './format';

/** One CSR as the session reports it (session CsrView). */
export interface CsrValue {
	readonly name: string;
	readonly value: number;
}

/** A named bit field of a CSR, as the reading shows it. */
export interface CsrField {
	readonly name: string;
	readonly value: number;
	/** What the value means, when a number alone does not say (MPP = 3 → "M"). */
	readonly meaning?: string;
}

export interface CsrRow {
	readonly name: string;
	readonly value: number;
	readonly hex: string;
	/** A sentence-sized reading of the value, or '' when the hex says it all. */
	readonly reading: string;
	/** Bit fields, for the status registers. */
	readonly fields: readonly CsrField[];
	/** The value differs from the one before the last step. */
	readonly changed: boolean;
}

export interface CsrGroup {
	readonly id: 'trap' | 'status' | 'paging' | 'counters';
	readonly title: string;
	/** One line on what the group is for, shown under its summary. */
	readonly about: string;
	readonly rows: readonly CsrRow[];
	/** How many of its rows changed (shown in the summary, so a closed group still tells). */
	readonly changedCount: number;
}

/** Which CSRs each group shows, in this order; names the hart does not implement are skipped. */
export const CSR_GROUPS: readonly {
	id: CsrGroup['id'];
	title: string;
	about: string;
	names: readonly string[];
}[] = [
	{
		id: 'trap',
		title: 'Trap',
		about: 'Where traps go (tvec), why the last one came (cause), from where (epc) and with what (tval).',
		names: [
			'mcause',
			'mepc',
			'mtval',
			'mtvec',
			'mscratch',
			'scause',
			'sepc',
			'stval',
			'stvec',
			'sscratch'
		]
	},
	{
		id: 'status',
		title: 'Status',
		about: 'Interrupt enables, the mode to return to, and which traps are handed down to S-mode.',
		names: ['mstatus', 'sstatus', 'mie', 'mip', 'medeleg', 'mideleg', 'misa', 'mhartid']
	},
	{
		id: 'paging',
		title: 'Paging',
		about: 'satp turns on Sv32 translation and says where the root page table is.',
		names: ['satp']
	},
	{
		id: 'counters',
		title: 'Counters',
		about: 'Cycles and instructions retired since reset (low 32 bits).',
		names: ['mcycle', 'minstret', 'time']
	}
];

const MODE_LETTER: Readonly<Record<number, string>> = { 0: 'U', 1: 'S', 3: 'M' };

/** A bit field: name, lowest bit, width, and an optional reading of its value. */
interface FieldSpec {
	readonly name: string;
	readonly lsb: number;
	readonly width: number;
	readonly meaning?: (v: number) => string;
}

const bits = (value: number, lsb: number, width: number) => (value >>> lsb) & ((1 << width) - 1);

// Privileged spec §3.1.6 (mstatus) and §4.1.1 (sstatus, the S-mode view of the same register).
const MSTATUS_FIELDS: readonly FieldSpec[] = [
	{ name: 'MIE', lsb: 3, width: 1 },
	{ name: 'MPIE', lsb: 7, width: 1 },
	{ name: 'MPP', lsb: 11, width: 2, meaning: (v) => MODE_LETTER[v] ?? 'reserved' },
	{ name: 'SIE', lsb: 1, width: 1 },
	{ name: 'SPIE', lsb: 5, width: 1 },
	{ name: 'SPP', lsb: 8, width: 1, meaning: (v) => (v ? 'S' : 'U') },
	{ name: 'SUM', lsb: 18, width: 1 },
	{ name: 'MXR', lsb: 19, width: 1 }
];
const SSTATUS_FIELDS = MSTATUS_FIELDS.filter((f) => !f.name.startsWith('M') || f.name === 'MXR');

// Privileged spec §4.1.11: satp for Sv32 is MODE[31], ASID[30:22], PPN[21:0].
const SATP_FIELDS: readonly FieldSpec[] = [
	{ name: 'MODE', lsb: 31, width: 1, meaning: (v) => (v ? 'Sv32' : 'Bare, no translation') },
	{ name: 'ASID', lsb: 22, width: 9 },
	{
		name: 'PPN',
		lsb: 0,
		width: 22,
		meaning: (v) => `root table at ${hex34(v * 4096)}`
	}
];

// Privileged spec §3.1.7: the base is 4-byte aligned; MODE 0 direct, 1 vectored.
const TVEC_MODES: Readonly<Record<number, string>> = {
	0: 'direct (every trap to the base)',
	1: 'vectored (interrupts to base + 4 × cause)'
};

// Privileged spec §3.1.9: mip/mie bits by interrupt code.
const INTERRUPT_BITS: readonly [number, string][] = [
	[1, 'SSI'],
	[3, 'MSI'],
	[5, 'STI'],
	[7, 'MTI'],
	[9, 'SEI'],
	[11, 'MEI']
];

/** Sv32 physical addresses have 34 bits: past 32 bits, print all the digits. */
function hex34(n: number): string {
	return n > 0xffff_ffff ? '0x' + n.toString(16).padStart(9, '0') : hex32(n);
}

function fieldsOf(value: number, specs: readonly FieldSpec[]): CsrField[] {
	return specs.map((f) => {
		const v = bits(value, f.lsb, f.width);
		return f.meaning ? { name: f.name, value: v, meaning: f.meaning(v) } : { name: f.name, value: v };
	});
}

/**
 * `2 illegal instruction`, `interrupt 7 machine timer interrupt`. 0 is both a cause (a misaligned
 * fetch) and the value at reset, so it says so.
 */
export function causeReading(value: number): string {
	if (value === 0) return '0 instruction address misaligned, or no trap yet';
	const code = value & 0x7fff_ffff;
	const interrupt = value >>> 31 === 1;
	return `${interrupt ? 'interrupt ' : ''}${code} ${causeName(value)}`;
}

/** `base 0x80000100, direct (every trap to the base)`. */
export function tvecReading(value: number): string {
	return `base ${hex32(value & ~3)}, ${TVEC_MODES[value & 3] ?? 'reserved mode'}`;
}

/** Set interrupt bits by name (`MTI, MSI`), or `none`. */
function interruptBits(value: number): string {
	const set = INTERRUPT_BITS.filter(([bit]) => (value >>> bit) & 1).map(([, name]) => name);
	return set.length ? set.join(', ') : 'none';
}

/** The extension letters misa reports (privileged §3.1.1), e.g. `RV32 AIMSU`. */
function misaReading(value: number): string {
	const mxl = value >>> 30;
	const width = mxl === 1 ? '32' : mxl === 2 ? '64' : '?';
	let letters = '';
	for (let i = 0; i < 26; i++) if ((value >>> i) & 1) letters += String.fromCharCode(65 + i);
	return `RV${width} ${letters}`;
}

/** Delegated exception codes (medeleg) or interrupt codes (mideleg), by number. */
function delegated(value: number): string {
	const codes: number[] = [];
	for (let i = 0; i < 32; i++) if ((value >>> i) & 1) codes.push(i);
	return codes.length ? `to S-mode: ${codes.join(', ')}` : 'none: every trap goes to M-mode';
}

/** How each CSR is read; CSRs not listed show their hex only. */
const READINGS: Readonly<Record<string, (value: number) => { reading?: string; fields?: CsrField[] }>> = {
	mcause: (v) => ({ reading: causeReading(v) }),
	scause: (v) => ({ reading: causeReading(v) }),
	mstatus: (v) => ({ fields: fieldsOf(v, MSTATUS_FIELDS) }),
	sstatus: (v) => ({ fields: fieldsOf(v, SSTATUS_FIELDS) }),
	satp: (v) => ({ fields: fieldsOf(v, SATP_FIELDS) }),
	mtvec: (v) => ({ reading: tvecReading(v) }),
	stvec: (v) => ({ reading: tvecReading(v) }),
	mie: (v) => ({ reading: `enabled: ${interruptBits(v)}` }),
	mip: (v) => ({ reading: `pending: ${interruptBits(v)}` }),
	medeleg: (v) => ({ reading: delegated(v) }),
	mideleg: (v) => ({ reading: delegated(v) }),
	misa: (v) => ({ reading: misaReading(v) }),
	mcycle: (v) => ({ reading: String(v >>> 0) }),
	minstret: (v) => ({ reading: String(v >>> 0) }),
	time: (v) => ({ reading: String(v >>> 0) })
};

/** A field list as one line: `MIE=1 MPIE=0 MPP=3 (M)`. */
export function fieldsText(fields: readonly CsrField[]): string {
	return fields.map((f) => `${f.name}=${f.value}${f.meaning ? ` (${f.meaning})` : ''}`).join(' ');
}

export function csrRow(name: string, value: number, before: number | undefined): CsrRow {
	const decoded = READINGS[name]?.(value >>> 0) ?? {};
	return {
		name,
		value: value >>> 0,
		hex: hex32(value),
		reading: decoded.reading ?? '',
		fields: decoded.fields ?? [],
		changed: before !== undefined && before >>> 0 !== value >>> 0
	};
}

/**
 * The groups, from the session's CSR list and the list before the last step (for the change
 * marks; empty or undefined marks nothing).
 */
export function groupCsrs(csrs: readonly CsrValue[], before: readonly CsrValue[] = []): CsrGroup[] {
	const now = new Map(csrs.map((c) => [c.name, c.value]));
	const then = new Map(before.map((c) => [c.name, c.value]));
	return CSR_GROUPS.map((g) => {
		const rows = g.names
			.filter((name) => now.has(name))
			.map((name) => csrRow(name, now.get(name)!, then.get(name)));
		return {
			id: g.id,
			title: g.title,
			about: g.about,
			rows,
			changedCount: rows.filter((r) => r.changed).length
		};
	});
}

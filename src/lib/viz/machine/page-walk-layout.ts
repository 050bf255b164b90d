/**
 * One Sv32 page walk, as a drawing and as words: the virtual address split into VPN[1] | VPN[0] |
 * offset, each PTE the walker read (its address, value, fields and what the walker decided), and the
 * physical address or the fault. Pure functions of a `page-walk` event and satp, so PageWalkView.svelte
 * only renders and these can be unit-tested. Geometry is in viewBox units; d3 maps bits to x and
 * draws the connecting paths.
 */
import { path, scaleLinear } from 'd3';
import { causeName } from '$lib/sim/hart/causes';
import { satpAsid, satpMode, satpPpn } from '$lib/sim/mmu/translate';
import type { EventOf } from '$lib/sim/trace/events';
import { hex32 } from './format';

/** What the drawing needs from a `page-walk` event. */
export type PageWalk = Pick<EventOf<'page-walk'>, 'va' | 'access' | 'ok' | 'paddr' | 'cause' | 'steps'>;

/** §4.3 Sv32: 4 KiB pages, 4-byte PTEs, 10-bit VPNs. */
const PAGE = 4096;
const PTE_SIZE = 4;
const ACCESS_NAMES = ['instruction fetch', 'load', 'store'];

/** The PTE flag bits, low to high (§4.3.1, Figure 4.19): V R W X U G A D. */
export const PTE_FLAGS = ['V', 'R', 'W', 'X', 'U', 'G', 'A', 'D'] as const;

export interface VaSplit {
	vpn1: number;
	vpn0: number;
	offset: number;
}

/** §4.3.1 Figure 4.16: VPN[1] is va[31:22], VPN[0] va[21:12], the offset va[11:0]. */
export function splitVa(va: number): VaSplit {
	const v = va >>> 0;
	return { vpn1: v >>> 22, vpn0: (v >>> 12) & 0x3ff, offset: v & 0xfff };
}

export interface DecodedPte {
	/** PTE bits 31:10 (Figure 4.18). */
	ppn: number;
	/** Each flag and whether it is set, in V..D order. */
	flags: { name: (typeof PTE_FLAGS)[number]; set: boolean }[];
	/** The set flags, e.g. `V R W A D`, or `none`. */
	text: string;
}

export function decodePte(pte: number): DecodedPte {
	const flags = PTE_FLAGS.map((name, bit) => ({ name, set: ((pte >>> bit) & 1) === 1 }));
	const set = flags.filter((f) => f.set).map((f) => f.name);
	return { ppn: pte >>> 10, flags, text: set.length ? set.join(' ') : 'none' };
}

/** §4.1.11: satp.MODE (bit 31), ASID (30:22), PPN (21:0) on RV32. */
export function satpFields(satp: number): { paging: boolean; asid: number; ppn: number } {
	return { paging: satpMode(satp) === 1, asid: satpAsid(satp), ppn: satpPpn(satp) };
}

/** A physical address: 8 hex digits, 9 when it is above 4 GiB (Sv32 reaches 2^34). */
export function hexPa(n: number): string {
	return '0x' + n.toString(16).padStart(n > 0xffff_ffff ? 9 : 8, '0');
}
/** A 10- or 12-bit field: always 3 hex digits. */
export const hex3 = (n: number) => '0x' + n.toString(16).padStart(3, '0');
const hexPpn = (n: number) => '0x' + n.toString(16);

/** What the walker decided at a PTE, in words, with the §4.3.2 step that decides it. */
const DECISIONS: Readonly<Record<string, string>> = {
	'pte-read-fault': 'the PTE could not be read (step 2): an access fault',
	invalid: 'V = 0, the PTE is not valid (step 3): the walk stops',
	'reserved-wx': 'W = 1 with R = 0 is reserved (step 3): the walk stops',
	'no-leaf': 'a pointer at level 0, where only a leaf may be (step 4): the walk stops',
	permission: 'the leaf does not allow this access (R, W, X, U; step 5): the walk stops',
	'misaligned-superpage': 'a megapage whose PPN[0] is not 0 is misaligned (step 6): the walk stops',
	'accessed-dirty': 'A = 0, or D = 0 for a store, and software must set them (step 7): the walk stops',
	'pte-write-fault': 'setting A/D in the PTE failed (step 7): an access fault',
	'address-range': 'the address is wider than the scheme allows: the walk stops'
};

/** Where a walk step's table starts: the PTE address less VPN[level] × 4 (tables are page-aligned). */
function tableOf(walk: PageWalk, level: number, pteAddr: number): number {
	const s = splitVa(walk.va);
	return pteAddr - (level === 1 ? s.vpn1 : s.vpn0) * PTE_SIZE;
}

/** Words for what happened at one step, without the PTE's address and value. */
export function decisionText(level: number, decision: string, pte: number | null): string {
	const ppn = pte === null ? 0 : pte >>> 10;
	if (decision === 'next') return `not a leaf (R = X = 0): the next table is at ${hexPa(ppn * PAGE)}`;
	if (decision === 'leaf')
		return level === 0
			? `a leaf: the 4 KiB page at ${hexPa(ppn * PAGE)}`
			: `a leaf at level 1: the 4 MiB megapage at ${hexPa(ppn * PAGE)}`;
	return DECISIONS[decision] ?? decision;
}

/** The walk as ordered sentences: the same content as the drawing, for screen readers and tests. */
export function describeWalk(walk: PageWalk, satp: number): string[] {
	const { vpn1, vpn0, offset } = splitVa(walk.va);
	const access = ACCESS_NAMES[walk.access] ?? 'access';
	const lines = [
		`Virtual address ${hex32(walk.va)} (${access}): VPN[1] = ${hex3(vpn1)} (bits 31–22), ` +
			`VPN[0] = ${hex3(vpn0)} (bits 21–12), offset = ${hex3(offset)} (bits 11–0).`
	];
	const first = walk.steps[0];
	if (first) {
		const root = tableOf(walk, first.level, first.pteAddr);
		const s = satpFields(satp);
		lines.push(
			s.ppn * PAGE === root
				? `satp.PPN = ${hexPpn(s.ppn)}, so the root table is at ${hexPa(root)}.`
				: `The root table is at ${hexPa(root)}.`
		);
	}
	for (const step of walk.steps) {
		const table = tableOf(walk, step.level, step.pteAddr);
		const where = `PTE at ${hexPa(table)} + VPN[${step.level}] × 4 = ${hexPa(step.pteAddr)}`;
		const what = decisionText(step.level, step.decision, step.pte);
		if (step.pte === null) {
			lines.push(`Level ${step.level}: reading the ${where} failed: ${what}.`);
			continue;
		}
		const d = decodePte(step.pte);
		lines.push(
			`Level ${step.level}: the ${where} holds ${hex32(step.pte)} (PPN ${hexPpn(d.ppn)}, ` +
				`flags ${d.text}): ${what}.`
		);
	}
	const last = walk.steps.at(-1);
	if (walk.ok && last?.pte != null) {
		const ppn = last.pte >>> 10;
		lines.push(
			last.level === 0
				? `Physical address = PPN ${hexPpn(ppn)} ‖ offset ${hex3(offset)} = ${hexPa(walk.paddr)}.`
				: `Physical address = PPN[1] ${hex3(ppn >>> 10)} ‖ VPN[0] ${hex3(vpn0)} ‖ offset ` +
						`${hex3(offset)} = ${hexPa(walk.paddr)}.`
		);
	} else if (!walk.ok) {
		lines.push(
			`No translation: ${causeName(walk.cause)} (cause ${walk.cause}); the trap handler finds ` +
				`${hex32(walk.va)} in mtval or stval.`
		);
	}
	return lines;
}

// ---- geometry ----

export const WIDTH = 420;
/** Channels beside the tables for the index lines (left) and the offset line (right). */
const LEFT = 34;
const RIGHT = WIDTH - 26;
const BAR_H = 34;
const TABLE_H = 116;
/** Characters per line of a table's decision text (about the table's width at 12 units). */
const WRAP = 58;
const GAP = 34;

export type FieldKind = 'vpn1' | 'vpn0' | 'offset' | 'ppn';

export interface BitField {
	kind: FieldKind;
	name: string;
	/** `31–22` */
	bits: string;
	value: string;
	x: number;
	width: number;
}

export interface TableBox {
	level: number;
	y: number;
	title: string;
	/** Beside the title: where the table's address came from (`satp.PPN 0x80010`), or ''. */
	source: string;
	/** The PTE row: `[VPN[1] = 0x001] 0x80010004: 0x20004401`. */
	entry: string;
	entryY: number;
	/** null when the PTE could not be read. */
	pte: DecodedPte | null;
	/** What the walker decided, in words (wrapped to lines); `stop` when the walk ended here. */
	decision: string[];
	stop: boolean;
}

export interface WalkLink {
	kind: FieldKind | 'next';
	d: string;
}

export interface WalkLayout {
	width: number;
	height: number;
	vaY: number;
	va: BitField[];
	tables: TableBox[];
	/** The physical address bar, when the walk succeeded. */
	paY: number;
	pa: BitField[] | null;
	paText: string;
	/** The fault, when it did not. */
	fault: string | null;
	links: WalkLink[];
}

/** Words into lines of at most `max` characters (a longer word gets a line of its own). */
export function wrap(text: string, max: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > max) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines;
}

/** Fields of a bar of `total` bits, left to right from the high bit, scaled across the table width. */
function bar(total: number, parts: Omit<BitField, 'x' | 'width' | 'bits'>[], sizes: number[]) {
	const x = scaleLinear()
		.domain([total, 0])
		.range([LEFT, RIGHT - 12]);
	let hi = total;
	return parts.map((p, i) => {
		const lo = hi - sizes[i];
		const field = { ...p, bits: `${hi - 1}–${lo}`, x: x(hi), width: x(lo) - x(hi) };
		hi = lo;
		return field;
	});
}

/** The drawing of one walk. */
export function layoutWalk(walk: PageWalk, satp: number): WalkLayout {
	const { vpn1, vpn0, offset } = splitVa(walk.va);
	const vaY = 26;
	const va = bar(
		32,
		[
			{ kind: 'vpn1', name: 'VPN[1]', value: hex3(vpn1) },
			{ kind: 'vpn0', name: 'VPN[0]', value: hex3(vpn0) },
			{ kind: 'offset', name: 'offset', value: hex3(offset) }
		],
		[10, 10, 12]
	);
	const links: WalkLink[] = [];
	const tables: TableBox[] = [];
	let y = vaY + BAR_H + 30;
	const s = satpFields(satp);
	walk.steps.forEach((step, i) => {
		const table = tableOf(walk, step.level, step.pteAddr);
		const index = step.level === 1 ? `VPN[1] = ${hex3(vpn1)}` : `VPN[0] = ${hex3(vpn0)}`;
		const title = `Level ${step.level}: ${i === 0 ? 'root table' : 'table'} at ${hexPa(table)}`;
		const prev = walk.steps[i - 1]?.pte;
		const source =
			i === 0
				? s.ppn * PAGE === table
					? `satp.PPN ${hexPpn(s.ppn)}`
					: ''
				: prev != null
					? `PPN ${hexPpn(prev >>> 10)} above`
					: '';
		const box: TableBox = {
			level: step.level,
			y,
			title,
			source,
			entry: `[${index}] ${hexPa(step.pteAddr)}: ${step.pte === null ? 'unreadable' : hex32(step.pte)}`,
			entryY: y + 30,
			pte: step.pte === null ? null : decodePte(step.pte),
			decision: wrap(decisionText(step.level, step.decision, step.pte), WRAP),
			stop: step.decision !== 'next' && step.decision !== 'leaf'
		};
		tables.push(box);
		// The index line: from the VPN field down its channel into the PTE row.
		const field = va[step.level === 1 ? 0 : 1];
		const channel = step.level === 1 ? 10 : 22;
		const p = path();
		p.moveTo(field.x + field.width / 2, vaY + BAR_H);
		p.lineTo(field.x + field.width / 2, vaY + BAR_H + 8 + (1 - step.level) * 8);
		p.lineTo(channel, vaY + BAR_H + 8 + (1 - step.level) * 8);
		p.lineTo(channel, box.entryY + 12);
		p.lineTo(LEFT, box.entryY + 12);
		links.push({ kind: field.kind, d: p.toString() });
		if (i > 0) {
			const q = path();
			q.moveTo(WIDTH / 2, y - GAP);
			q.lineTo(WIDTH / 2, y);
			links.push({ kind: 'next', d: q.toString() });
		}
		y += TABLE_H + GAP;
	});

	const last = walk.steps.at(-1);
	const paY = y;
	let pa: BitField[] | null = null;
	let fault: string | null = null;
	if (walk.ok && last?.pte != null) {
		const ppn = last.pte >>> 10;
		// Sv32's physical address is 34 bits (§4.3.1 Figure 4.17): PPN[1] 12 bits, PPN[0] 10, offset 12.
		pa =
			last.level === 0
				? bar(
						34,
						[
							{ kind: 'ppn', name: 'PPN (leaf)', value: hexPpn(ppn) },
							{ kind: 'offset', name: 'offset', value: hex3(offset) }
						],
						[22, 12]
					)
				: bar(
						34,
						[
							{ kind: 'ppn', name: 'PPN[1] (leaf)', value: hex3(ppn >>> 10) },
							{ kind: 'vpn0', name: 'VPN[0]', value: hex3(vpn0) },
							{ kind: 'offset', name: 'offset', value: hex3(offset) }
						],
						[12, 10, 12]
					);
	} else if (!walk.ok) {
		fault = `${causeName(walk.cause)} (cause ${walk.cause}) at ${hex32(walk.va)}`;
	}
	if ((pa || fault) && walk.steps.length > 0) {
		const q = path();
		q.moveTo(WIDTH / 2, y - GAP);
		q.lineTo(WIDTH / 2, y);
		links.push({ kind: 'next', d: q.toString() });
	}
	// The offset passes through unchanged: down the right channel to the physical address.
	if (pa) {
		const from = va[2];
		const to = pa[pa.length - 1];
		const p = path();
		p.moveTo(from.x + from.width / 2, vaY + BAR_H);
		p.lineTo(from.x + from.width / 2, vaY + BAR_H + 8);
		p.lineTo(RIGHT + 14, vaY + BAR_H + 8);
		p.lineTo(RIGHT + 14, paY - 8);
		p.lineTo(to.x + to.width / 2, paY - 8);
		p.lineTo(to.x + to.width / 2, paY);
		links.push({ kind: 'offset', d: p.toString() });
	}
	return {
		width: WIDTH,
		height: paY + (pa ? BAR_H + 40 : fault ? 44 : 0),
		vaY,
		va,
		tables,
		paY,
		pa,
		paText: walk.ok ? hexPa(walk.paddr) : '',
		fault,
		links
	};
}

export const LAYOUT = { LEFT, RIGHT, BAR_H, TABLE_H } as const;

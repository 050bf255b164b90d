/**
 * Layout: place sections in memory and build the Program. Input sections are gathered into output
 * sections as GNU ld's default script does (`.text` takes `.text.*`, `.rodata` takes `.rodata.*` and
 * `.srodata*`, `.data` takes `.data.*` and `.sdata*`, `.bss` takes `.bss.*` and `.sbss*`), each input
 * section aligned to its own alignment, in the order they were first used. Output sections follow one
 * another from the base address: code, then read-only data, then data, then bss.
 */
import type { LineRow, Program, ProgramSymbol, Segment } from '../program';
import type { Section } from './section';

export interface LayoutOptions {
	/** Where the first output section (normally `.text`) starts. Default 0x8000_0000 (RAM on `virt`). */
	readonly base?: number;
	/** Fixed addresses for output sections by name (`{ '.data': 0x80100000 }`), like ld's -Tdata. */
	readonly sectionAddresses?: Readonly<Record<string, number>>;
}

export const DEFAULT_BASE = 0x8000_0000;

export interface OutputSection {
	readonly name: string;
	readonly inputs: readonly { readonly section: Section; readonly offset: number }[];
	readonly addr: number;
	readonly size: number;
	readonly align: number;
	readonly alloc: boolean;
	readonly write: boolean;
	readonly exec: boolean;
	readonly nobits: boolean;
}

/** The output section an input section joins. */
export function outputName(name: string): string {
	const is = (p: string) => name === p || name.startsWith(p + '.');
	if (is('.text')) return '.text';
	if (is('.rodata') || is('.srodata')) return '.rodata';
	if (is('.data') || is('.sdata')) return '.data';
	if (is('.bss') || is('.sbss')) return '.bss';
	return name;
}

const rank = (s: Section) =>
	!s.flags.alloc ? 4 : s.flags.exec ? 0 : s.flags.nobits ? 3 : s.flags.write ? 2 : 1;
const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;

/** Place every section; returns the output sections and each input section's address. */
export function place(
	sections: Iterable<Section>,
	opts: LayoutOptions
): { outputs: OutputSection[]; addressOf: Map<string, number>; problems: string[] } {
	const groups = new Map<string, Section[]>();
	for (const s of sections) {
		const key = outputName(s.name);
		const group = groups.get(key);
		if (group) group.push(s);
		else groups.set(key, [s]);
	}
	// Stable sort: by kind, standard names first within a kind, then first use.
	const STANDARD = ['.text', '.rodata', '.data', '.bss'];
	const ordered = [...groups.entries()].sort(
		([a, as], [b, bs]) =>
			rank(as[0]) - rank(bs[0]) || Number(!STANDARD.includes(a)) - Number(!STANDARD.includes(b))
	);
	const outputs: OutputSection[] = [];
	const addressOf = new Map<string, number>();
	const problems: string[] = [];
	let cursor = opts.base ?? DEFAULT_BASE;
	for (const [name, members] of ordered) {
		const alloc = members[0].flags.alloc;
		const align = Math.max(...members.map((m) => m.align));
		const fixed = opts.sectionAddresses?.[name];
		// Non-allocated sections (debug notes and the like) are not loaded; their labels count from 0.
		let addr = !alloc ? 0 : (fixed ?? alignUp(cursor, align));
		const start = addr;
		const inputs = members.map((section) => {
			addr = alignUp(addr, section.align);
			addressOf.set(section.name, addr);
			const offset = addr - start;
			addr += section.size;
			return { section, offset };
		});
		const size = addr - start;
		if (alloc && addr > 0x1_0000_0000)
			problems.push(`section '${name}' ends past the 32-bit address space`);
		const f = members[0].flags;
		outputs.push({ name, inputs, addr: start, size, align, ...f, alloc });
		// An empty section still gets an address (its labels mark a place), but takes no room.
		if (alloc && size > 0) cursor = Math.max(cursor, addr);
	}
	const placed = outputs.filter((o) => o.alloc && o.size > 0).sort((a, b) => a.addr - b.addr);
	for (let k = 1; k < placed.length; k++) {
		const [a, b] = [placed[k - 1], placed[k]];
		if (a.addr + a.size > b.addr) problems.push(`sections '${a.name}' and '${b.name}' overlap`);
	}
	return { outputs, addressOf, problems };
}

/** The loadable image: one segment per allocated, non-empty output section. */
export function buildProgram(
	outputs: readonly OutputSection[],
	symbols: ProgramSymbol[],
	file: string
): Program {
	const segments: Segment[] = [];
	const lines: LineRow[] = [];
	for (const o of outputs) {
		if (!o.alloc || o.size === 0) continue;
		const data = new Uint8Array(o.nobits ? 0 : o.size);
		for (const { section, offset } of o.inputs) {
			if (!o.nobits) data.set(section.bytes, offset);
			for (const l of section.lines)
				lines.push({
					addr: o.addr + offset + l.off,
					file: l.file ?? file,
					line: l.line,
					column: l.col
				});
		}
		const flags = { read: true, write: o.write, exec: o.exec };
		segments.push({ addr: o.addr, data, memSize: o.size, flags, name: o.name });
	}
	lines.sort((a, b) => a.addr - b.addr);
	const find = (name: string) => symbols.find((s) => s.name === name)?.addr;
	const text = outputs.find((o) => o.name === '.text' && o.size > 0) ?? outputs.find((o) => o.exec);
	const entry = find('_start') ?? text?.addr ?? segments[0]?.addr ?? DEFAULT_BASE;
	const tohost = find('tohost');
	const fromhost = find('fromhost');
	return {
		entry,
		segments,
		symbols,
		lines,
		...(tohost !== undefined ? { tohost } : {}),
		...(fromhost !== undefined ? { fromhost } : {})
	};
}

/**
 * Breakpoints seen from the editor: a click in the gutter (or F9) on a line, run to the cursor's
 * line, and keeping the gutter's markers and the machine's breakpoints (also set from the
 * disassembly) showing the same thing. Lines become addresses through the loaded program's line
 * table (line-breakpoints.ts), followed back through edits to the text that was loaded; a line typed
 * or changed since has no address until the next Assemble & Load (its marker waits, hollow).
 */
import type { Program } from '$lib/sim/isa/program';
import type { LineMark } from '$lib/viz/editor/breakpoints';
import { addressForLine, linesForAddresses } from './line-breakpoints';
import type { MachineControls } from './machine-controls.svelte';

/** What this needs of the editor (Editor.svelte's exported functions). */
export interface BreakpointEditor {
	cursorLine(): number;
	loadedLine(line: number): number | undefined;
	marks(): LineMark[];
	showBreakpoints(loadedLines: readonly number[]): void;
	togglePending(line: number): void;
	loaded(): void;
}

export class EditorBreakpoints {
	constructor(
		private readonly ctl: MachineControls,
		private readonly editor: () => BreakpointEditor | undefined
	) {}

	/** The assembled program the editor's lines refer to (none while an ELF file is loaded). */
	private get program(): Program | undefined {
		return this.ctl.elfName ? undefined : this.ctl.program;
	}

	/**
	 * The address a line of the editor (1-based, current text) stands for in the loaded program;
	 * undefined for a line typed or changed since the load (its code is not in the machine yet).
	 */
	addressOf(line: number): number | undefined {
		const program = this.program;
		const loaded = this.editor()?.loadedLine(line);
		return program && loaded !== undefined ? addressForLine(program, loaded) : undefined;
	}

	/** Draw the machine's breakpoints as markers on the lines their code comes from. */
	show(): void {
		const program = this.program;
		if (program) this.editor()?.showBreakpoints(linesForAddresses(program, this.ctl.breakpoints));
	}

	/** The disassembly's toggle: the marker follows. */
	async toggleAddress(addr: number): Promise<void> {
		await this.ctl.toggleBreakpoint(addr);
		this.show();
	}

	/**
	 * A click in the gutter or F9 on a line: a breakpoint at that line's code (or the next line's), or
	 * off again. With no program to resolve it against, the marker waits for Assemble & Load.
	 */
	async toggle(line: number): Promise<void> {
		const editor = this.editor();
		if (!editor || this.ctl.running) return;
		const mark = editor.marks().find((m) => m.line === line);
		const addr = this.addressOf(line);
		if (mark?.pending || (!mark && addr === undefined)) {
			editor.togglePending(line);
			this.ctl.status = mark
				? `Breakpoint on line ${line} removed.`
				: `Breakpoint on line ${line}: it is set at the next Assemble & Load.`;
			return;
		}
		if (addr !== undefined) await this.ctl.setBreakpoint(addr, !mark);
		this.show();
	}

	/** Run until pc reaches the cursor line's first instruction; breakpoints still stop it first. */
	async runToCursor(): Promise<void> {
		const editor = this.editor();
		if (!editor || !this.program || this.ctl.running) return;
		const line = editor.cursorLine();
		const addr = this.addressOf(line);
		if (addr !== undefined) await this.ctl.runTo(addr, `line ${line}`);
		else if (editor.loadedLine(line) === undefined)
			this.ctl.status = `Line ${line} changed since the program was loaded: press Assemble & Load first.`;
		else
			this.ctl.status = `Line ${line} has no code (and none follows it): put the cursor on an instruction's line.`;
	}

	/** The markers, lines of the editor's text, as addresses in `program` assembled from that text. */
	resolve(program: Program): number[] {
		return (this.editor()?.marks() ?? [])
			.map((m) => addressForLine(program, m.line))
			.filter((a): a is number => a !== undefined);
	}

	/** The editor's text was just loaded: lines count from it, and the markers show the result. */
	loaded(): void {
		this.editor()?.loaded();
		this.show();
	}
}

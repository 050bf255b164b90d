/**
 * The line each hart is executing, marked in the editor as Ripes, RARS and CPUlator do: a band across
 * the line and an arrow in the gutter naming the hart (so colour is never the only signal, and with
 * several harts each line says whose it is). Lines are given as lines of the text that was loaded;
 * they are followed through edits made since (breakpoints.ts keeps that mapping), and a line changed
 * since the load has no mark: its code is not the code running.
 */
import { RangeSet, StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutter, type DecorationSet } from '@codemirror/view';
import { currentPosOf, markLoaded } from './breakpoints';

export interface RunningLine {
	/** 1-based line of the loaded text. */
	readonly line: number;
	readonly hart: number;
}

interface Placed {
	readonly pos: number;
	readonly harts: readonly number[];
}

/** Replace the running lines (lines of the loaded text). */
export const setRunning = StateEffect.define<readonly RunningLine[]>();

class RunningMarker extends GutterMarker {
	constructor(readonly harts: readonly number[]) {
		super();
	}
	override eq(other: RunningMarker): boolean {
		return other.harts.join() === this.harts.join();
	}
	override toDOM(): Node {
		const span = document.createElement('span');
		span.className = 'cm-running-marker';
		const who = this.harts.length === 1 ? `hart ${this.harts[0]}` : `harts ${this.harts.join(', ')}`;
		span.title = `Next to execute (${who})`;
		// With one hart the arrow says it all; with several, the arrow carries the harts' numbers.
		span.textContent = this.harts.length === 1 && this.harts[0] === 0 ? '▶' : `▶${this.harts.join(',')}`;
		return span;
	}
}

function place(state: EditorState, lines: readonly RunningLine[]): Placed[] {
	const byPos = new Map<number, number[]>();
	for (const { line, hart } of lines) {
		const pos = currentPosOf(state, line);
		if (pos === undefined) continue;
		const harts = byPos.get(pos) ?? [];
		harts.push(hart);
		byPos.set(pos, harts);
	}
	return [...byPos].sort((a, b) => a[0] - b[0]).map(([pos, harts]) => ({ pos, harts }));
}

interface Running {
	/** As given: lines of the loaded text. */
	readonly lines: readonly RunningLine[];
	readonly placed: readonly Placed[];
}

export const runningField = StateField.define<Running>({
	create: () => ({ lines: [], placed: [] }),
	update(value, tr) {
		// Placed afresh when given, and when the text is loaded (its lines are the loaded text's now:
		// the lines may have come a moment before the editor heard of the load).
		let lines = value.lines;
		let fresh = false;
		for (const e of tr.effects) {
			if (e.is(setRunning)) [lines, fresh] = [e.value, true];
			if (e.is(markLoaded)) fresh = true;
		}
		if (fresh) return { lines, placed: place(tr.state, lines) };
		if (!tr.docChanged) return value;
		// An edit moves the marks with their lines (the next step places them afresh).
		const placed = value.placed.map((p) => ({
			pos: tr.state.doc.lineAt(tr.changes.mapPos(p.pos, 1)).from,
			harts: p.harts
		}));
		return { lines, placed };
	},
	provide: (field) =>
		EditorView.decorations.from(field, (value): DecorationSet =>
			Decoration.set(
				value.placed.map((p) =>
					Decoration.line({
						class: 'cm-running-line',
						attributes: { 'data-running-harts': p.harts.join(',') }
					}).range(p.pos)
				)
			)
		)
});

/** The first running line's start, to scroll to (undefined: none is shown). */
export function firstRunning(state: EditorState): number | undefined {
	return state.field(runningField).placed[0]?.pos;
}

export function runningLines(): Extension {
	return [
		runningField,
		gutter({
			class: 'cm-running-gutter',
			markers: (view) =>
				RangeSet.of(
					view.state.field(runningField).placed.map((p) => new RunningMarker(p.harts).range(p.pos)),
					true
				)
		})
	];
}

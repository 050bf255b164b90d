/**
 * Breakpoint markers in the editor's gutter, and the bookkeeping that ties lines of the text being
 * edited to lines of the text that was last assembled and loaded.
 *
 * Markers sit at line starts and follow the text as it is edited (a line that is deleted takes its
 * marker with it). A marker is either set (the loaded program has a breakpoint on that line) or
 * pending (placed while no matching program is loaded; it becomes a breakpoint at the next
 * Assemble & Load). Each is drawn as a shape with a tooltip, never by colour alone.
 */
import {
	ChangeSet,
	MapMode,
	RangeSet,
	StateEffect,
	StateField,
	type EditorState,
	type Extension,
	type Text
} from '@codemirror/state';
import { GutterMarker, gutter, lineNumbers, type EditorView } from '@codemirror/view';

export interface LineMark {
	/** 1-based line in the current text. */
	readonly line: number;
	readonly pending: boolean;
}

interface Mark {
	/** Offset of the line's start. */
	readonly pos: number;
	readonly pending: boolean;
}

class BreakpointMarker extends GutterMarker {
	constructor(readonly pending: boolean) {
		super();
	}
	override eq(other: BreakpointMarker): boolean {
		return other.pending === this.pending;
	}
	override toDOM(): Node {
		const span = document.createElement('span');
		span.className = this.pending ? 'cm-breakpoint cm-breakpoint-pending' : 'cm-breakpoint';
		span.textContent = this.pending ? '○' : '●';
		span.title = this.pending ? 'Breakpoint, set at the next Assemble & Load' : 'Breakpoint';
		return span;
	}
}

const SET = new BreakpointMarker(false);
const PENDING = new BreakpointMarker(true);

/** Gives the gutter its width before any breakpoint exists; invisible, so it is no marker. */
class SpacerMarker extends GutterMarker {
	override toDOM(): Node {
		const span = document.createElement('span');
		span.className = 'cm-breakpoint-spacer';
		span.textContent = '●';
		return span;
	}
}

/** Replace every marker (positions are offsets in the current text; each is moved to its line's start). */
export const setMarks = StateEffect.define<readonly Mark[]>();
/** Add a marker on the line holding pos, or remove the one there. */
export const toggleMark = StateEffect.define<Mark>();
/** The current text is what was just assembled and loaded. */
export const markLoaded = StateEffect.define<null>();

function normalise(doc: Text, marks: readonly Mark[]): Mark[] {
	const byLine = new Map<number, Mark>();
	for (const m of marks) {
		const line = doc.lineAt(Math.min(Math.max(m.pos, 0), doc.length));
		const had = byLine.get(line.number);
		// Two markers brought onto one line by an edit: a set one wins over a pending one.
		if (!had || (had.pending && !m.pending))
			byLine.set(line.number, { pos: line.from, pending: m.pending });
	}
	return [...byLine.values()].sort((a, b) => a.pos - b.pos);
}

/** A marker survives an edit unless its whole line was deleted or replaced. */
function mapMarks(marks: readonly Mark[], oldDoc: Text, changes: ChangeSet, newDoc: Text): Mark[] {
	const kept: Mark[] = [];
	for (const m of marks) {
		const line = oldDoc.lineAt(m.pos);
		if (line.length > 0) {
			const from = changes.mapPos(line.from, 1);
			const to = changes.mapPos(line.to, -1);
			if (from >= to && changes.touchesRange(line.from, line.to)) continue;
			kept.push({ pos: from, pending: m.pending });
		} else {
			const at = changes.mapPos(line.from, 1, MapMode.TrackDel);
			if (at !== null) kept.push({ pos: at, pending: m.pending });
		}
	}
	return normalise(newDoc, kept);
}

export const breakpointField = StateField.define<readonly Mark[]>({
	create: () => [],
	update(marks, tr) {
		let next = tr.docChanged ? mapMarks(marks, tr.startState.doc, tr.changes, tr.state.doc) : marks;
		for (const e of tr.effects) {
			if (e.is(setMarks)) next = normalise(tr.state.doc, e.value);
			else if (e.is(toggleMark)) {
				const start = tr.state.doc.lineAt(e.value.pos).from;
				next = next.some((m) => m.pos === start)
					? next.filter((m) => m.pos !== start)
					: normalise(tr.state.doc, [...next, { pos: start, pending: e.value.pending }]);
			}
		}
		return next;
	}
});

/** The text last loaded, and the edits made to it since, so lines can be followed both ways. */
interface Loaded {
	readonly doc: Text;
	readonly changes: ChangeSet;
}

export const loadedField = StateField.define<Loaded>({
	create: (state) => ({ doc: state.doc, changes: ChangeSet.empty(state.doc.length) }),
	update(value, tr) {
		for (const e of tr.effects)
			if (e.is(markLoaded)) return { doc: tr.state.doc, changes: ChangeSet.empty(tr.state.doc.length) };
		return tr.docChanged ? { doc: value.doc, changes: value.changes.compose(tr.changes) } : value;
	}
});

/** The markers as lines of the current text. */
export function markedLines(state: EditorState): LineMark[] {
	return state
		.field(breakpointField)
		.map((m) => ({ line: state.doc.lineAt(m.pos).number, pending: m.pending }));
}

/** Whether the text has been edited since it was last loaded. */
export function editedSinceLoad(state: EditorState): boolean {
	return !state.field(loadedField).changes.empty;
}

/**
 * The line of the loaded text that a line of the current text is, or undefined when the line was
 * typed or changed since: the loaded program has no code from it yet.
 */
export function loadedLineOf(state: EditorState, line: number): number | undefined {
	const { doc, changes } = state.field(loadedField);
	const current = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines));
	const loaded = doc.lineAt(changes.invertedDesc.mapPos(current.from, 1));
	return loaded.text === current.text ? loaded.number : undefined;
}

/** Where a line of the loaded text is now (offset of its start), or undefined if it was deleted. */
export function currentPosOf(state: EditorState, loadedLine: number): number | undefined {
	const { doc, changes } = state.field(loadedField);
	if (loadedLine < 1 || loadedLine > doc.lines) return undefined;
	const line = doc.line(loadedLine);
	const from = changes.mapPos(line.from, 1);
	if (line.length > 0 && from >= changes.mapPos(line.to, -1) && changes.touchesRange(line.from, line.to))
		return undefined;
	return from;
}

/**
 * Set markers for lines of the loaded text (the breakpoints the machine has), keeping pending ones on
 * other lines.
 */
export function marksForLoadedLines(state: EditorState, loadedLines: readonly number[]): Mark[] {
	const marks: Mark[] = [];
	for (const l of loadedLines) {
		const pos = currentPosOf(state, l);
		if (pos !== undefined) marks.push({ pos, pending: false });
	}
	const taken = new Set(marks.map((m) => state.doc.lineAt(m.pos).number));
	for (const m of state.field(breakpointField))
		if (m.pending && !taken.has(state.doc.lineAt(m.pos).number)) marks.push(m);
	return marks;
}

/**
 * The gutter that shows the markers; a click on it or on a line number reports the line (1-based,
 * current text) to `onToggle`, which decides what a breakpoint there means.
 */
export function breakpointGutter(onToggle: (line: number) => void): Extension {
	const click = {
		mousedown(view: EditorView, block: { from: number }, event: Event) {
			if ((event as MouseEvent).button !== 0) return false;
			onToggle(view.state.doc.lineAt(block.from).number);
			return true;
		}
	};
	return [
		breakpointField,
		loadedField,
		gutter({
			class: 'cm-breakpoint-gutter',
			markers: (view) =>
				RangeSet.of(
					view.state.field(breakpointField).map((m) => (m.pending ? PENDING : SET).range(m.pos)),
					true
				),
			initialSpacer: () => new SpacerMarker(),
			domEventHandlers: click
		}),
		lineNumbers({ domEventHandlers: click })
	];
}

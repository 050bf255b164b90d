/**
 * Assembler errors shown inside the editor: the spot (line and column) underlined, the line marked,
 * and the message written after the line, so an error is never shown by colour alone.
 */
import { StateEffect, StateField, type EditorState, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

export interface EditorDiagnostic {
	/** 1-based, as the assembler reports them. */
	readonly line: number;
	readonly column: number;
	readonly message: string;
}

export const setDiagnostics = StateEffect.define<readonly EditorDiagnostic[]>();

class MessageWidget extends WidgetType {
	constructor(readonly text: string) {
		super();
	}
	override eq(other: MessageWidget): boolean {
		return other.text === this.text;
	}
	toDOM(): HTMLElement {
		const span = document.createElement('span');
		span.className = 'cm-asm-error-message';
		span.textContent = this.text;
		return span;
	}
}

/** Offsets in the document for a 1-based line and column, clamped to what exists. */
export function diagnosticRange(state: EditorState, d: EditorDiagnostic): { from: number; to: number } {
	const lineNo = Math.min(Math.max(d.line, 1), state.doc.lines);
	const line = state.doc.line(lineNo);
	const from = Math.min(line.from + Math.max(d.column - 1, 0), line.to);
	// Underline the word that starts at the column (or one character, or nothing on an empty line).
	const rest = line.text.slice(from - line.from);
	const word = /^[^\s,()]+/.exec(rest)?.[0].length ?? 0;
	return { from, to: Math.min(line.to, from + Math.max(word, 1)) };
}

function build(state: EditorState, list: readonly EditorDiagnostic[]): DecorationSet {
	const ranges: Range<Decoration>[] = [];
	const messagesByLine = new Map<number, string[]>();
	for (const d of list) {
		const { from, to } = diagnosticRange(state, d);
		const line = state.doc.lineAt(from);
		if (to > from) ranges.push(Decoration.mark({ class: 'cm-asm-error' }).range(from, to));
		const messages = messagesByLine.get(line.number) ?? [];
		messages.push(`${d.line}:${d.column}: ${d.message}`);
		messagesByLine.set(line.number, messages);
	}
	for (const [number, messages] of messagesByLine) {
		const line = state.doc.line(number);
		ranges.push(Decoration.line({ class: 'cm-asm-error-line' }).range(line.from));
		ranges.push(
			Decoration.widget({ widget: new MessageWidget(messages.join('; ')), side: 1 }).range(line.to)
		);
	}
	return Decoration.set(ranges, true);
}

export const diagnosticsField = StateField.define<DecorationSet>({
	create: () => Decoration.none,
	update(value, tr) {
		for (const e of tr.effects) if (e.is(setDiagnostics)) return build(tr.state, e.value);
		// Until the next check, the marks follow the text they were found in.
		return value.map(tr.changes);
	},
	provide: (f) => EditorView.decorations.from(f)
});

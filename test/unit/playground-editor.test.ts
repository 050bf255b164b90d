/**
 * The editor side of the playground: lines to addresses and back, gutter markers that follow edits,
 * the loaded-text bookkeeping, the link that follows typing, the RAM option, and the new shortcuts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { keyEvent } from './key-event';
import { EditorState } from '@codemirror/state';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import {
	breakpointField,
	currentPosOf,
	editedSinceLoad,
	loadedField,
	loadedLineOf,
	markLoaded,
	markedLines,
	marksForLoadedLines,
	setMarks,
	toggleMark
} from '../../src/lib/viz/editor/breakpoints';
import { ariaKeys, keyLabel, shortcutFor } from '../../src/lib/viz/machine/shortcuts';
import { isTyping, shortcutHandler } from '../../src/routes/playground/keyboard';
import {
	addressForLine,
	lineForAddress,
	linesForAddresses
} from '../../src/routes/playground/line-breakpoints';
import { LinkFollower } from '../../src/routes/playground/link-follower';
import { RAM_SIZES_MIB } from '../../src/routes/playground/machine-options';
import { decodeSession, encodeSession, readOptions } from '../../src/routes/playground/share';

const LOOP = readFileSync('src/routes/playground/examples/2-loop.s', 'utf8');

function loopProgram() {
	const r = assemble(LOOP, { file: 'program.s' });
	expect(r.errors).toEqual([]);
	return r.program;
}

describe('lines and addresses', () => {
	// 2-loop.s: line 6 li a0 (0x80000000) … line 10 add (0x8000000c), 12 ble (0x80000014), 15-17
	// the finisher's li, li, sw (the last at 0x80000024).
	it('gives a line its first address, or the next line with code', () => {
		const p = loopProgram();
		expect(addressForLine(p, 6)).toBe(0x80000000);
		expect(addressForLine(p, 10)).toBe(0x8000000c);
		expect(addressForLine(p, 9)).toBe(0x8000000c); // `loop:` has no code of its own
		expect(addressForLine(p, 1)).toBe(0x80000000); // the comment at the top
		expect(addressForLine(p, 13)).toBe(0x80000018); // comment, then `done:`, then the finisher
		expect(addressForLine(p, 18)).toBeUndefined(); // nothing after the last line
	});

	it('takes the lowest address of a line that assembles to several instructions', () => {
		const r = assemble('_start:\n\tla t0, data\n\tnop\ndata:\n\t.word 1\n', { file: 'program.s' });
		expect(r.errors).toEqual([]);
		expect(addressForLine(r.program, 2)).toBe(0x80000000);
		expect(addressForLine(r.program, 3)).toBe(0x80000008);
	});

	it('finds the line of an address and the lines of a set of breakpoints', () => {
		const p = loopProgram();
		expect(lineForAddress(p, 0x80000014)).toBe(12);
		expect(linesForAddresses(p, [0x80000014, 0x8000000c, 0x8000000c])).toEqual([10, 12]);
		expect(linesForAddresses(p, [0x10000000])).toEqual([]);
	});
});

describe('gutter markers', () => {
	const state = (doc: string) => EditorState.create({ doc, extensions: [breakpointField, loadedField] });
	const lineStart = (s: EditorState, n: number) => s.doc.line(n).from;

	it('toggle on a line, and follow the text as lines are added above', () => {
		let s = state('a\nb\nc\nd\n');
		s = s.update({ effects: toggleMark.of({ pos: lineStart(s, 3) + 1, pending: false }) }).state;
		expect(markedLines(s)).toEqual([{ line: 3, pending: false }]);
		s = s.update({ changes: { from: 0, insert: 'new\n' } }).state;
		expect(markedLines(s)).toEqual([{ line: 4, pending: false }]);
		// Typing at the start of the marked line keeps the marker on it.
		s = s.update({ changes: { from: lineStart(s, 4), insert: 'x' } }).state;
		expect(markedLines(s)).toEqual([{ line: 4, pending: false }]);
		s = s.update({ effects: toggleMark.of({ pos: lineStart(s, 4), pending: false }) }).state;
		expect(markedLines(s)).toEqual([]);
	});

	it('go away with their line when it is deleted', () => {
		let s = state('a\nb\nc\n');
		s = s.update({ effects: setMarks.of([{ pos: lineStart(s, 2), pending: true }]) }).state;
		s = s.update({ changes: { from: lineStart(s, 2), to: lineStart(s, 3) } }).state;
		expect(s.doc.toString()).toBe('a\nc\n');
		expect(markedLines(s)).toEqual([]);
	});

	it('count lines of the loaded text through later edits, both ways', () => {
		let s = state('l1\nl2\nl3\nl4\n');
		s = s.update({ effects: markLoaded.of(null) }).state;
		expect(editedSinceLoad(s)).toBe(false);
		// Two lines typed above line 2, and line 4 deleted.
		s = s.update({ changes: { from: lineStart(s, 2), insert: 'n1\nn2\n' } }).state;
		s = s.update({ changes: { from: lineStart(s, 6), to: s.doc.length } }).state;
		expect(s.doc.toString()).toBe('l1\nn1\nn2\nl2\nl3\n');
		expect(editedSinceLoad(s)).toBe(true);
		expect(loadedLineOf(s, 4)).toBe(2);
		expect(loadedLineOf(s, 5)).toBe(3);
		expect(loadedLineOf(s, 2)).toBeUndefined(); // typed since: not in the loaded program
		// A line changed since is not the loaded line any more either.
		const changed = s.update({ changes: { from: lineStart(s, 4), insert: 'x' } }).state;
		expect(loadedLineOf(changed, 4)).toBeUndefined();
		expect(loadedLineOf(changed, 5)).toBe(3);
		expect(currentPosOf(s, 3)).toBe(lineStart(s, 5));
		expect(currentPosOf(s, 4)).toBeUndefined();
		// The machine's breakpoints on loaded lines 2 and 4: one shows (line 4 now), one is gone.
		s = s.update({ effects: setMarks.of(marksForLoadedLines(s, [2, 4])) }).state;
		expect(markedLines(s)).toEqual([{ line: 4, pending: false }]);
		s = s.update({ effects: markLoaded.of(null) }).state;
		expect(loadedLineOf(s, 4)).toBe(4);
	});

	it('keep pending markers on other lines when the breakpoints are redrawn', () => {
		let s = state('a\nb\nc\n');
		s = s.update({ effects: markLoaded.of(null) }).state;
		s = s.update({
			effects: setMarks.of([
				{ pos: lineStart(s, 1), pending: true },
				{ pos: lineStart(s, 3), pending: true }
			])
		}).state;
		s = s.update({ effects: setMarks.of(marksForLoadedLines(s, [3])) }).state;
		expect(markedLines(s)).toEqual([
			{ line: 1, pending: true },
			{ line: 3, pending: false }
		]);
	});
});

describe('the link follows the program', () => {
	function harness() {
		const written: string[] = [];
		const timers: (() => void)[] = [];
		const encodes: { session: { source: string }; resolve: (h: string) => void }[] = [];
		const follower = new LinkFollower({
			write: (h) => written.push(h),
			encode: (session) => new Promise<string>((resolve) => encodes.push({ session, resolve })),
			setTimer: (f) => timers.push(f) - 1,
			clearTimer: (h) => {
				if (typeof h === 'number') timers[h] = () => {};
			}
		});
		return { written, timers, encodes, follower };
	}

	it('writes once after typing stops, with the latest text', async () => {
		const { written, timers, encodes, follower } = harness();
		for (const source of ['a', 'ab', 'abc']) follower.changed({ source, options: { ramMiB: 1 } });
		expect(encodes).toHaveLength(0);
		timers.forEach((t) => t());
		expect(encodes.map((e) => e.session.source)).toEqual(['abc']);
		encodes[0].resolve('#code=abc');
		await vi.waitFor(() => expect(written).toEqual(['#code=abc']));
	});

	it('never lets a slow older encoding overwrite a newer one, and skips repeats', async () => {
		const { written, timers, encodes, follower } = harness();
		follower.changed({ source: 'old', options: { ramMiB: 1 } });
		timers[0]();
		follower.changed({ source: 'new', options: { ramMiB: 4 } });
		timers[1]();
		encodes[1].resolve('#code=new');
		encodes[0].resolve('#code=old');
		await vi.waitFor(() => expect(written).toEqual(['#code=new']));
		follower.changed({ source: 'new', options: { ramMiB: 4 } });
		timers[2]();
		encodes[2].resolve('#code=new');
		await Promise.resolve();
		await Promise.resolve();
		expect(written).toEqual(['#code=new']);
	});

	it('forgets a pending change when cancelled', () => {
		const { timers, encodes, follower } = harness();
		follower.changed({ source: 'x', options: { ramMiB: 1 } });
		follower.cancel();
		timers.forEach((t) => t());
		expect(encodes).toHaveLength(0);
	});
});

describe('RAM option', () => {
	it('accepts only the sizes offered, and travels in the link', async () => {
		expect(RAM_SIZES_MIB).toEqual([1, 4, 16, 64]);
		for (const ramMiB of RAM_SIZES_MIB) expect(readOptions({ ramMiB })).toEqual({ ramMiB });
		expect(readOptions({ ramMiB: 8 })).toEqual({ ramMiB: 1 });
		expect(readOptions({ ramMiB: '16' })).toEqual({ ramMiB: 1 });
		const hash = await encodeSession({ source: 'nop', options: { ramMiB: 64 } });
		expect((await decodeSession(hash))?.options).toEqual({ ramMiB: 64 });
	});
});

describe('editor shortcuts', () => {
	const key = keyEvent;

	it('F9 toggles a line breakpoint and Ctrl+F10 runs to the cursor, in the editor too', () => {
		expect(shortcutFor(key('F9'), true)).toBe('lineBreakpoint');
		expect(shortcutFor(key('F9'), false)).toBe('lineBreakpoint');
		expect(shortcutFor(key('F10', { ctrlKey: true }), true)).toBe('runToCursor');
		expect(shortcutFor(key('F10'), false)).toBe('step');
		expect(shortcutFor(key('F10'), true)).toBeUndefined();
		expect(ariaKeys('runToCursor')).toBe('Control+F10');
		expect(keyLabel('lineBreakpoint')).toBe('F9');
	});

	it('the handler ignores letters while typing and everything while a dialog is open', () => {
		const done: string[] = [];
		const actions = new Proxy({} as Record<string, () => void>, {
			get: (_, name) => () => done.push(String(name))
		});
		let dialog = false;
		const handle = shortcutHandler(actions, () => dialog);
		const inEditor = { closest: (sel: string) => (sel.includes('.cm-editor') ? {} : null) };
		const press = (k: ReturnType<typeof key>, target: unknown) => {
			const event = { ...k, target, defaultPrevented: false, preventDefault: vi.fn() };
			handle(event as unknown as KeyboardEvent);
			return event.preventDefault.mock.calls.length;
		};
		expect(isTyping(inEditor as unknown as EventTarget)).toBe(true);
		expect(isTyping(null)).toBe(false);
		expect(press(key('s'), inEditor)).toBe(0);
		expect(press(key('F9'), inEditor)).toBe(1);
		expect(press(key('s'), { closest: () => null })).toBe(1);
		dialog = true;
		expect(press(key('F9'), inEditor)).toBe(0);
		expect(done).toEqual(['lineBreakpoint', 'step']);
	});
});

/**
 * The pure parts of the playground: share links, shortcuts, words for traps and stops, disassembly
 * rows, the editor's language mode and error ranges, and the frame-driven refresh.
 */
import { describe, expect, it } from 'vitest';
import { keyEvent } from './key-event';
import { EditorState } from '@codemirror/state';
import { StringStream } from '@codemirror/language';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { diagnosticRange } from '../../src/lib/viz/editor/diagnostics';
import { riscvParser } from '../../src/lib/viz/editor/riscv-language';
import { lineAt, rowsAround, symbolizer } from '../../src/lib/viz/machine/disassembly';
import { describeTrap, formatWord, hex32, modeName } from '../../src/lib/viz/machine/format';
import { ariaKeys, keyLabel, shortcutFor } from '../../src/lib/viz/machine/shortcuts';
import { FrameRefresh } from '../../src/routes/playground/frame-refresh';
import { PacedRun } from '../../src/routes/playground/paced-run';
import {
	decodeSession,
	encodeSession,
	fromBase64Url,
	readOptions,
	toBase64Url
} from '../../src/routes/playground/share';
import { describeResult } from '../../src/routes/playground/status';

describe('share links', () => {
	it('round-trip a program and its options through a compressed hash', async () => {
		const source = '# ünïcode ✓\n_start:\n\tli a0, 1\n'.repeat(50);
		const hash = await encodeSession({ source, options: { ramMiB: 4 } });
		expect(hash).toMatch(/^#code=[A-Za-z0-9_-]+$/);
		expect(hash.length).toBeLessThan(source.length); // deflate pays for base64 on repeated text
		expect(await decodeSession(hash)).toEqual({ source, options: { ramMiB: 4 } });
	});

	it('ignore hashes that are not links or are damaged', async () => {
		expect(await decodeSession('')).toBeUndefined();
		expect(await decodeSession('#top')).toBeUndefined();
		expect(await decodeSession('#code=!!!')).toBeUndefined();
		expect(await decodeSession('#code=' + toBase64Url(new Uint8Array([1, 2, 3])))).toBeUndefined();
	});

	it('accept only sensible options', () => {
		expect(readOptions({ ramMiB: 16 })).toEqual({ ramMiB: 16 });
		expect(readOptions({ ramMiB: 8 })).toEqual({ ramMiB: 1 }); // not one of the sizes offered
		expect(readOptions({ ramMiB: 9999 })).toEqual({ ramMiB: 1 });
		expect(readOptions({ ramMiB: 1.5 })).toEqual({ ramMiB: 1 });
		expect(readOptions('nonsense')).toEqual({ ramMiB: 1 });
	});

	it('base64url has no padding and survives every byte', () => {
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		const text = toBase64Url(all);
		expect(text).not.toMatch(/[+/=]/);
		expect(fromBase64Url(text)).toEqual(all);
	});
});

describe('shortcuts', () => {
	const key = keyEvent;

	it('maps keys to actions, and letters only outside text fields', () => {
		expect(shortcutFor(key('s'), false)).toBe('step');
		expect(shortcutFor(key('F10'), false)).toBe('step');
		expect(shortcutFor(key('S', { shiftKey: true }), false)).toBe('stepBack');
		expect(shortcutFor(key('r'), false)).toBe('run');
		expect(shortcutFor(key('R', { shiftKey: true }), false)).toBe('reset');
		expect(shortcutFor(key('b'), false)).toBe('breakpoint');
		expect(shortcutFor(key('n'), false)).toBe('stepOver');
		expect(shortcutFor(key('?', { shiftKey: true }), false)).toBe('help');
		expect(shortcutFor(key('s'), true)).toBeUndefined();
		expect(shortcutFor(key('s', { ctrlKey: true }), false)).toBeUndefined();
		expect(shortcutFor(key('s', { altKey: true }), false)).toBeUndefined();
		expect(shortcutFor(key('Enter', { ctrlKey: true }), true)).toBe('assemble');
		expect(shortcutFor(key('Enter', { metaKey: true }), true)).toBe('assemble');
	});

	it('writes them for aria-keyshortcuts and for people', () => {
		expect(ariaKeys('step')).toBe('F10 s');
		expect(ariaKeys('stepBack')).toBe('Shift+S');
		expect(ariaKeys('assemble')).toBe('Control+Enter');
		expect(keyLabel('step')).toBe('F10 or s');
		expect(keyLabel('help')).toBe('?');
	});
});

describe('words for the machine', () => {
	it('formats words and modes', () => {
		expect(hex32(-1)).toBe('0xffffffff');
		expect(formatWord(-2, 'signed')).toBe('-2');
		expect(formatWord(-2, 'unsigned')).toBe('4294967294');
		expect(formatWord(10, 'hex')).toBe('0x0000000a');
		expect([0, 1, 3, 2].map(modeName)).toEqual(['U', 'S', 'M', 'mode 2']);
	});

	it('describes traps and interrupts in plain language', () => {
		expect(describeTrap({ cause: 2, epc: 0x80000010, to: 3, handler: 0x80000100 })).toBe(
			'trap: illegal instruction at 0x80000010 → M-mode handler at 0x80000100'
		);
		expect(describeTrap({ cause: 0x80000007, epc: 0x80000028, to: 3, handler: 0x8000005c })).toBe(
			'interrupt: machine timer interrupt before 0x80000028 → M-mode handler at 0x8000005c'
		);
	});

	it('says why a step or run ended', () => {
		const pc = 0x80000018;
		expect(describeResult({ reason: 'budget', steps: 1, position: 1 }, pc, 'Stepped')).toBe(
			'Stepped: the next instruction is at 0x80000018.'
		);
		expect(
			describeResult(
				{ reason: 'breakpoint', steps: 9, position: 9, stop: { kind: 'breakpoint', pc, hart: 0 } },
				pc,
				'Ran'
			)
		).toBe('Stopped at the breakpoint at 0x80000018.');
		expect(
			describeResult(
				{
					reason: 'exited',
					steps: 9,
					position: 9,
					stop: { kind: 'exited', code: 3, by: 'finisher' }
				},
				pc,
				'Ran'
			)
		).toBe('The program exited with code 3.');
		expect(describeResult({ reason: 'paused', steps: 9, position: 9 }, pc, 'Ran')).toBe(
			'Paused at 0x80000018.'
		);
	});
});

describe('disassembly rows', () => {
	const source = '_start:\n\tli a0, 0\nloop:\n\taddi a0, a0, 1\n\tj loop\n\t.data\nx: .word 7\n';
	const { program } = assemble(source, { file: 'p.s' });
	const words = new Map<number, number>();
	for (const s of program.segments)
		for (let i = 0; i + 4 <= s.data.length; i += 4)
			words.set(s.addr + i, new DataView(s.data.buffer, s.data.byteOffset).getInt32(i, true));
	const read = (a: number) => words.get(a);

	it('shows the code segment around pc with labels, symbols and source lines', () => {
		const rows = rowsAround(program, 0x80000004, read, symbolizer(program));
		expect(rows.map((r) => r.addr)).toEqual([0x80000000, 0x80000004, 0x80000008]);
		expect(rows.map((r) => r.label)).toEqual(['_start', 'loop', undefined]);
		expect(rows.map((r) => r.line)).toEqual([2, 4, 5]);
		expect(rows[2].text).toBe('j 80000004 <loop>');
		expect(lineAt(program, 0x7fff_fff0)).toBeUndefined();
	});

	it('names addresses inside code as label+offset, and nothing outside', () => {
		const { symbolize } = symbolizer(program);
		expect(symbolize!(0x80000008)).toBe('loop+0x4');
		expect(symbolize!(0x90000000)).toBeUndefined();
	});
});

describe('editor', () => {
	function tokens(line: string): [string, string | null][] {
		const state = riscvParser.startState!(4);
		const stream = new StringStream(line, 4, 4);
		const out: [string, string | null][] = [];
		while (!stream.eol()) {
			const style = riscvParser.token(stream, state);
			out.push([stream.current(), style]);
			stream.start = stream.pos;
		}
		return out.filter(([text]) => text.trim() !== '');
	}

	it('highlights labels, mnemonics, registers, numbers, directives and comments', () => {
		expect(tokens('loop: addi a0, a0, 0x10 # add')).toEqual([
			['loop:', 'labelName'],
			['addi', 'keyword'],
			['a0', 'variableName.special'],
			[',', 'operator'],
			['a0', 'variableName.special'],
			[',', 'operator'],
			['0x10', 'number'],
			['# add', 'comment']
		]);
		expect(tokens('\t.asciz "hi # not a comment"')).toEqual([
			['.asciz', 'meta'],
			['"hi # not a comment"', 'string']
		]);
		expect(tokens('\tcsrw mtvec, t0')[1]).toEqual(['mtvec', 'propertyName']);
	});

	it('places an error at its line and column, on the word there', () => {
		const state = EditorState.create({ doc: 'li a0, 1\n\tfrobnicate t0\n' });
		const r = diagnosticRange(state, { line: 2, column: 2, message: 'unknown instruction' });
		expect(state.sliceDoc(r.from, r.to)).toBe('frobnicate');
		const past = diagnosticRange(state, { line: 99, column: 99, message: 'end' });
		expect(past.from).toBe(state.doc.length);
	});
});

describe('FrameRefresh', () => {
	it('reads once per frame, never two reads at a time, and stops', async () => {
		const frames: (() => void)[] = [];
		let reads = 0;
		let release: () => void = () => {};
		const f = new FrameRefresh(
			() => {
				reads++;
				return new Promise<void>((resolve) => (release = resolve));
			},
			(cb) => frames.push(cb),
			() => frames.splice(0)
		);
		f.start();
		frames.shift()!();
		frames.shift()!(); // the first read has not come back: no second read
		expect(reads).toBe(1);
		release();
		await Promise.resolve();
		await Promise.resolve();
		frames.shift()!();
		expect(reads).toBe(2);
		f.stop();
		expect(f.active).toBe(false);
	});
});

describe('PacedRun', () => {
	function fakeRun(perSecond: number, frames: number[], stopAfter = Infinity) {
		const asked: number[] = [];
		let position = 0;
		let frame = 0;
		let t = 0;
		const run: PacedRun = new PacedRun(
			async (n) => {
				asked.push(n);
				position += n;
				return { reason: position >= stopAfter ? 'breakpoint' : 'budget', steps: n, position };
			},
			async () => {},
			perSecond,
			{
				now: () => t,
				nextFrame: async () => {
					if (frame >= frames.length) run.stop();
					t = frames[Math.min(frame++, frames.length - 1)];
				}
			}
		);
		return { run, asked };
	}

	it('steps at the chosen rate, one step at once, no burst after a gap', async () => {
		// 10 per second, frames every 50 ms for a second, then a 10 s gap.
		const frames = [...Array.from({ length: 20 }, (_, i) => (i + 1) * 50), 11_000];
		const { run, asked } = fakeRun(10, frames);
		const r = await run.run();
		expect(r.reason).toBe('paused');
		expect(asked[0]).toBe(1);
		expect(asked.slice(1, -1).reduce((a, b) => a + b, 0)).toBe(10); // one second at 10/s
		expect(asked.at(-1)).toBeLessThanOrEqual(3); // the gap earns at most a quarter second
	});

	it('ends with the stop that ended it', async () => {
		const { run } = fakeRun(1000, [16, 32, 48, 64], 20);
		const r = await run.run();
		expect(r.reason).toBe('breakpoint');
		expect(r.position).toBeGreaterThanOrEqual(20);
	});
});

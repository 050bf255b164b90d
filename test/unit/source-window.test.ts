import { describe, expect, it } from 'vitest';
import { sourceWindow, splitLines } from '../../src/lib/viz/machine/source-window';

const file = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
const numbers = (rows: { number: number }[]) => rows.map((r) => r.number);

describe('sourceWindow', () => {
	it('centres the current line and marks only it', () => {
		const rows = sourceWindow(file, 10, 2, 3);
		expect(numbers(rows)).toEqual([8, 9, 10, 11, 12, 13]);
		expect(rows.filter((r) => r.current).map((r) => r.text)).toEqual(['line 10']);
	});

	it('shifts down at the top of the file, keeping the height', () => {
		expect(numbers(sourceWindow(file, 1, 2, 3))).toEqual([1, 2, 3, 4, 5, 6]);
		expect(numbers(sourceWindow(file, 2, 2, 3))).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('shifts up at the end of the file, keeping the height', () => {
		expect(numbers(sourceWindow(file, 20, 2, 3))).toEqual([15, 16, 17, 18, 19, 20]);
		expect(numbers(sourceWindow(file, 19, 2, 3))).toEqual([15, 16, 17, 18, 19, 20]);
	});

	it('shows the whole of a file shorter than the window', () => {
		expect(numbers(sourceWindow(['a', 'b', 'c'], 2, 5, 5))).toEqual([1, 2, 3]);
	});

	it('is empty for a line outside the file', () => {
		expect(sourceWindow(file, 0)).toEqual([]);
		expect(sourceWindow(file, 21)).toEqual([]);
		expect(sourceWindow([], 1)).toEqual([]);
	});
});

describe('splitLines', () => {
	it('does not count the final newline as a line', () => {
		expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
		expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
		expect(splitLines('')).toEqual(['']);
	});
});

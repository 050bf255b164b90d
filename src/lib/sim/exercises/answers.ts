/**
 * Checking a student's response: numbers in any spelling (`0x8000_0000`, `0x80000000`, `2147483648`,
 * `0b…`, a negative int32 for a register), choices by index or by their text, orderings as index lists.
 * A wrong answer says why where the generator knew that mistake (the step the student skipped).
 */
import type { Answer, NumberBase, Question } from './types';

/** What a student gave: text for a number, an index for one choice, index lists for several or an order. */
export type Response = string | number | number[];

export interface Verdict {
	correct: boolean;
	/** No response (or one that cannot be read) scores zero but is reported apart from a wrong one. */
	blank: boolean;
	message: string;
}

/** A number as a student may write it: hex, binary, octal or decimal, with `_` or `,` separators. */
export function parseNumber(text: string): number | undefined {
	const t = text.trim().toLowerCase().replace(/[_\s]/g, '');
	if (t === '') return undefined;
	const neg = t.startsWith('-');
	const body = neg ? t.slice(1) : t;
	let n: number;
	if (/^0x[0-9a-f]+$/.test(body)) n = Number.parseInt(body.slice(2), 16);
	else if (/^0b[01]+$/.test(body)) n = Number.parseInt(body.slice(2), 2);
	else if (/^0o[0-7]+$/.test(body)) n = Number.parseInt(body.slice(2), 8);
	else if (/^\d{1,3}(,\d{3})+$/.test(body)) n = Number(body.replace(/,/g, ''));
	else if (/^\d+$/.test(body)) n = Number(body);
	else return undefined;
	return neg ? -n : n;
}

/**
 * Two numbers name the same 32-bit quantity when they are equal, or one is the other's two's
 * complement (-1 and 0xffffffff): registers hold bits, and either reading is right.
 */
function sameValue(a: number, b: number): boolean {
	if (a === b) return true;
	const fits = (n: number) => n >= -(2 ** 31) && n < 2 ** 32;
	return fits(a) && fits(b) && a >>> 0 === b >>> 0;
}

export function formatNumber(value: number, base: NumberBase): string {
	if (base === 'dec') return String(value);
	const u = value < 0 ? value >>> 0 : value;
	return '0x' + u.toString(16).padStart(u > 0xffff_ffff ? 9 : 8, '0');
}

/** The answer as the key prints it. */
export function formatAnswer(a: Answer): string {
	switch (a.kind) {
		case 'number':
			return formatNumber(a.value, a.base);
		case 'choice':
			return a.options[a.correct];
		case 'multi':
			return a.correct.length ? a.correct.map((i) => a.options[i]).join('; ') : 'none of them';
		case 'order':
			return a.correct.map((i) => a.items[i]).join(' → ');
	}
}

/** Every spelling the checker accepts for a number answer (for GIFT's short-answer list). */
export function numberSpellings(value: number): string[] {
	const u = value < 0 ? value >>> 0 : value;
	const hex = u.toString(16);
	const spellings = new Set([String(value), String(u), `0x${hex}`, `0x${hex.padStart(8, '0')}`]);
	if (hex.length > 4) {
		const padded = hex.padStart(8, '0');
		spellings.add(`0x${padded.slice(0, -4)}_${padded.slice(-4)}`);
	}
	return [...spellings];
}

function indexOf(options: readonly string[], r: string | number): number | undefined {
	if (typeof r === 'number') return Number.isInteger(r) && r >= 0 && r < options.length ? r : undefined;
	const t = r.trim().toLowerCase();
	const i = options.findIndex((o) => o.toLowerCase() === t);
	if (i >= 0) return i;
	const n = parseNumber(t);
	return n !== undefined && n >= 0 && n < options.length && Number.isInteger(n) ? n : undefined;
}

function indexList(options: readonly string[], r: Response): number[] | undefined {
	const parts = Array.isArray(r) ? r : typeof r === 'string' ? r.split(',').filter((s) => s.trim()) : [r];
	const out: number[] = [];
	for (const p of parts) {
		const i = indexOf(options, p);
		if (i === undefined) return undefined;
		out.push(i);
	}
	return out;
}

const blank = (message = 'No answer given.'): Verdict => ({ correct: false, blank: true, message });
const right = (message = 'Correct.'): Verdict => ({ correct: true, blank: false, message });
const wrong = (message: string): Verdict => ({ correct: false, blank: false, message });

export function grade(q: Pick<Question, 'answer'>, response: Response | undefined | null): Verdict {
	const a = q.answer;
	if (response === undefined || response === null || response === '') return blank();
	if (Array.isArray(response) && response.length === 0 && a.kind !== 'multi') return blank();
	switch (a.kind) {
		case 'number': {
			const n = typeof response === 'number' ? response : parseNumber(String(response));
			if (n === undefined) return blank(`"${String(response)}" is not a number (try 0x1234 or 4660).`);
			if (sameValue(n, a.value)) return right();
			const known = a.mistakes?.find((m) => sameValue(m.value, n));
			return wrong(known ? known.why : `${formatNumber(n, a.base)} is not it.`);
		}
		case 'choice': {
			const i = indexOf(a.options, Array.isArray(response) ? (response[0] ?? '') : response);
			if (i === undefined) return blank('Pick one of the options.');
			if (i === a.correct) return right();
			const known = a.mistakes?.find((m) => m.value === i);
			return wrong(known ? known.why : `Not "${a.options[i]}".`);
		}
		case 'multi': {
			const picked = indexList(a.options, response);
			if (picked === undefined) return blank('Pick from the options.');
			const set = new Set(picked);
			const missing = a.correct.filter((i) => !set.has(i));
			const extra = [...set].filter((i) => !a.correct.includes(i));
			if (missing.length === 0 && extra.length === 0) return right();
			const say = (is: number[]) => is.map((i) => a.options[i]).join(', ');
			const parts: string[] = [];
			if (missing.length) parts.push(`missing: ${say(missing)}`);
			if (extra.length) parts.push(`should not be picked: ${say(extra)}`);
			const reasons = [...missing, ...extra].map((i) => a.why?.[i]).filter(Boolean);
			return wrong(`Not quite (${parts.join('; ')}).${reasons.length ? ' ' + reasons.join(' ') : ''}`);
		}
		case 'order': {
			const order = indexList(a.items, response);
			if (
				order === undefined ||
				order.length !== a.items.length ||
				new Set(order).size !== order.length
			)
				return blank(`Put all ${a.items.length} items in order, each once.`);
			const at = order.findIndex((v, k) => v !== a.correct[k]);
			if (at < 0) return right();
			return wrong(`Position ${at + 1} is wrong: "${a.items[order[at]]}" does not come there.`);
		}
	}
}

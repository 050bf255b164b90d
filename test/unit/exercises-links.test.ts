/** Problem-set links: reading a link's parameters and building one per student. */
import { describe, expect, it } from 'vitest';
import { nextSeed, paramsQuery, problemSetLinks, readParams } from '../../src/lib/exercises/links';
import { hashText } from '../../src/lib/sim/exercises';

describe('exercise links', () => {
	it('reads seed, count, difficulty, answers=off and a student', () => {
		expect(readParams(new URLSearchParams('seed=42&count=3&difficulty=hard&answers=off'))).toEqual({
			seed: 42,
			count: 3,
			difficulty: 'hard',
			allowAnswers: false,
			student: undefined
		});
		expect(readParams(new URLSearchParams('student=Ada')).seed).toBe(hashText('Ada'));
		expect(readParams(new URLSearchParams('count=999&difficulty=silly'))).toMatchObject({
			seed: 1,
			count: undefined,
			difficulty: undefined,
			allowAnswers: true
		});
	});

	it('a link round-trips, and "new problem" is repeatable', () => {
		const p = { seed: 7, count: 2, allowAnswers: false, student: 'Ada L' };
		expect(readParams(new URLSearchParams(paramsQuery(p)))).toEqual({ ...p, difficulty: undefined });
		expect(nextSeed(7)).toBe(nextSeed(7));
		expect(nextSeed(7)).not.toBe(7);
	});

	it('one link per student and exercise, each with its own seed', () => {
		const links = problemSetLinks('https://x.test', ['01-a', '02-b'], {
			seed: 'fall',
			students: ['Ada', 'Alan'],
			allowAnswers: false
		});
		expect(links).toHaveLength(4);
		expect(new Set(links.map((l) => new URL(l.url).searchParams.get('seed'))).size).toBe(2);
		expect(links[0].url).toMatch(
			/^https:\/\/x\.test\/exercises\/01-a\/\?seed=\d+&student=Ada&answers=off$/
		);
		expect(problemSetLinks('', ['01-a'], { seed: '9', students: [], allowAnswers: true })[0].url).toBe(
			'/exercises/01-a/?seed=9'
		);
	});
});

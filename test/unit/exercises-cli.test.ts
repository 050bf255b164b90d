/** `vmscope exercise`: list, gen in three formats, grade a file and a folder; the site's catalog agrees. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseCommand, loadExercises, type ExerciseIO } from '../../src/lib/sim/cli/exercise';
import {
	answerFile,
	generateSet,
	parseSeed,
	studentSeed,
	type ProblemSet
} from '../../src/lib/sim/exercises';
import { exercises as siteExercises } from '../../src/lib/exercises/catalog';

const DIR = 'content/exercises';

async function cli(...argv: string[]) {
	let out = '';
	let err = '';
	const io: ExerciseIO = {
		readFile: async (p) => readFileSync(p, 'utf8'),
		readdir: async (p) => readdirSync(p),
		isDirectory: async (p) => statSync(p).isDirectory(),
		stdout: (t) => (out += t),
		stderr: (t) => (err += t),
		exercisesDir: DIR
	};
	const code = await exerciseCommand(argv, io);
	return { code, out, err };
}

describe('vmscope exercise', () => {
	it('lists every exercise folder', async () => {
		const r = await cli('list');
		expect(r.code).toBe(0);
		for (const d of readdirSync(DIR)) expect(r.out).toContain(d);
	});

	it('gen prints Markdown with and without answers, JSON, and GIFT', async () => {
		const plain = await cli('gen', '01-sv32-translation', '--seed', '42');
		const key = await cli('gen', '01', '--seed', '42', '--answers');
		expect(plain.code).toBe(0);
		expect(plain.out).toContain('## Problem 2');
		expect(plain.out).not.toContain('**Answer:**');
		expect(key.out).toContain('**Answer:**');
		const json = JSON.parse(
			(await cli('gen', '02-trap-routing', '--seed', '42', '--format', 'json', '--count', '3')).out
		) as ProblemSet;
		expect(json.problems).toHaveLength(3);
		expect(JSON.stringify(json)).not.toContain('"correct"');
		const gift = await cli('gen', '03-trace-program', '--seed', '42', '--format', 'gift', '--answers');
		expect(gift.out).toMatch(/^\$CATEGORY: vmscope\/03-trace-program\/42$/m);
		expect(gift.out).toMatch(/::03-trace-program 1\.value::.*\{=/s);
	});

	it('usage errors exit 2 with the prefix', async () => {
		expect(await cli('gen', '01')).toMatchObject({
			code: 2,
			err: expect.stringContaining('vmscope exercise: missing --seed')
		});
		expect((await cli('gen', '99', '--seed', '1')).code).toBe(2);
		expect((await cli('gen', '01', '--seed', '1', '--format', 'pdf')).code).toBe(2);
		expect((await cli('frobnicate')).code).toBe(2);
	});

	it('the same seed gives the same problems from the CLI loader and the site catalog', async () => {
		const fromDisk = await loadExercises({
			readFile: async (p) => readFileSync(p, 'utf8'),
			readdir: async (p) => readdirSync(p),
			exercisesDir: DIR
		});
		expect(siteExercises).toEqual(fromDisk);
		for (const def of fromDisk) {
			const site = siteExercises.find((d) => d.slug === def.slug);
			if (!site) throw new Error(def.slug);
			expect(generateSet(site, 2026)).toEqual(generateSet(def, 2026));
			const json = JSON.parse(
				(await cli('gen', def.slug, '--seed', '2026', '--format', 'json', '--answers')).out
			);
			expect(json).toEqual(JSON.parse(JSON.stringify(generateSet(site, 2026))));
		}
	});

	it('grades one answer file, and a folder as one CSV row per student', async () => {
		const def = siteExercises[0];
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-grade-'));
		const seed = parseSeed('7');
		const set = generateSet(def, seed);
		const [q1, q2] = set.problems[0].questions;
		const right = q1.answer.kind === 'choice' ? q1.answer.correct : 0;
		const file = answerFile(set, { [q1.key]: right, [q2.key]: '12345' }, 'Ada, L.');
		writeFileSync(join(dir, 'ada.json'), JSON.stringify(file));
		const one = await cli('grade', def.slug, '--seed', '7', join(dir, 'ada.json'));
		expect(one.code).toBe(0);
		expect(one.out).toMatch(/^score 1\/\d+$/m);
		expect(one.out).toContain(`${q1.key}`);
		mkdirSync(join(dir, 'class'));
		writeFileSync(join(dir, 'class', 'ada.json'), JSON.stringify(file));
		writeFileSync(
			join(dir, 'class', 'bob.json'),
			JSON.stringify({ ...file, student: 'Bob', answers: {} })
		);
		const csv = await cli('grade', def.slug, '--seed', '7', join(dir, 'class'));
		expect(csv.code).toBe(0);
		const rows = csv.out.trim().split('\n');
		expect(rows[0]).toBe('file,student,seed,score,total');
		expect(rows[1]).toMatch(/^ada\.json,"Ada, L\.",7,1,\d+$/);
		expect(rows[2]).toMatch(/^bob\.json,Bob,7,0,\d+$/);
		const wrongSeed = await cli('grade', def.slug, '--seed', '8', join(dir, 'ada.json'));
		expect(wrongSeed).toMatchObject({ code: 2, err: expect.stringContaining('seed 7, not 8') });
	});

	it('grades per-student files against the seed carried by each student link', async () => {
		const def = siteExercises[1];
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-grade-'));
		for (const [name, seedText] of [
			['Ada', 'fall'],
			['Alan', 'fall']
		]) {
			const set = generateSet(def, studentSeed(seedText, name));
			writeFileSync(join(dir, `${name}.json`), JSON.stringify(answerFile(set, {}, name)));
		}
		const csv = await cli('grade', def.slug, '--seed', 'fall', dir);
		expect(csv.code, csv.err).toBe(0);
		expect(csv.out.trim().split('\n')).toHaveLength(3);
		// A file whose seed does not come from its student's name is refused.
		const forged = generateSet(def, 1);
		writeFileSync(join(dir, 'Eve.json'), JSON.stringify(answerFile(forged, {}, 'Eve')));
		expect((await cli('grade', def.slug, '--seed', 'fall', join(dir, 'Eve.json'))).code).toBe(2);
		// Links made from names alone (no seed): no --seed needed.
		const solo = generateSet(def, studentSeed(undefined, 'Ada'));
		writeFileSync(join(dir, 'solo.json'), JSON.stringify(answerFile(solo, {}, 'Ada')));
		expect((await cli('grade', def.slug, join(dir, 'solo.json'))).code).toBe(0);
	});
});

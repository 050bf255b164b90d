/**
 * A problem set: a definition and a seed give `count` problems, each from its own derived seed, with
 * the definition's question texts filled in. One function, used by the CLI, the site and the tests, so
 * a seed means the same problems everywhere. Also the answer file a student hands in, and its grading.
 */
import { grade, type Response, type Verdict } from './answers';
import { GENERATORS } from './generators';
import { deriveSeed } from './prng';
import type { Difficulty, ExerciseDefinition, Problem, ProblemSet, Question } from './types';

export interface SetOptions {
	count?: number;
	difficulty?: Difficulty;
}

/** `{va}` → the fact's value; an unknown placeholder is left visible rather than guessed. */
export function fillText(text: string, facts: Record<string, string | number | boolean>): string {
	return text.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) =>
		name in facts ? String(facts[name]) : whole
	);
}

export function generateSet(def: ExerciseDefinition, seed: number, opts: SetOptions = {}): ProblemSet {
	const gen = GENERATORS[def.generator];
	if (!gen) throw new Error(`unknown generator ${def.generator}`);
	const count = opts.count ?? def.count;
	const difficulty = opts.difficulty ?? def.difficulty;
	const problems: Problem[] = [];
	for (let index = 1; index <= count; index++) {
		const s = deriveSeed(seed, `${def.slug}#${index}`);
		const g = gen.generate(s, difficulty, def.params);
		const questions: Question[] = def.questions.flatMap((q) => {
			const solved = g.answers[q.id];
			if (!solved) return [];
			return [
				{
					key: `${index}.${q.id}`,
					id: q.id,
					text: fillText(q.text, g.facts),
					...(q.hint ? { hint: fillText(q.hint, g.facts) } : {}),
					answer: solved.answer,
					explain: solved.explain
				}
			];
		});
		problems.push({ index, seed: s, context: g.context, questions });
	}
	return { exercise: def.slug, title: def.title, seed: seed >>> 0, count, difficulty, problems };
}

export const ANSWER_FORMAT = 'vmscope-answers';

/** What the site downloads and the CLI grades. */
export interface AnswerFile {
	format: typeof ANSWER_FORMAT;
	version: 1;
	exercise: string;
	seed: number;
	count: number;
	difficulty: Difficulty;
	student?: string;
	answers: Record<string, Response>;
}

export function answerFile(set: ProblemSet, answers: Record<string, Response>, student?: string): AnswerFile {
	return {
		format: ANSWER_FORMAT,
		version: 1,
		exercise: set.exercise,
		seed: set.seed,
		count: set.count,
		difficulty: set.difficulty,
		...(student ? { student } : {}),
		answers
	};
}

/** Check that parsed JSON is an answer file; a string result says what is wrong. */
export function readAnswerFile(json: unknown): AnswerFile | string {
	if (typeof json !== 'object' || json === null) return 'not a JSON object';
	const f = json as Record<string, unknown>;
	if (f.format !== ANSWER_FORMAT) return `not a vmscope answer file (format should be "${ANSWER_FORMAT}")`;
	if (typeof f.exercise !== 'string') return 'missing "exercise"';
	if (typeof f.seed !== 'number' || !Number.isInteger(f.seed)) return 'missing or bad "seed"';
	if (typeof f.count !== 'number' || !Number.isInteger(f.count) || f.count < 1 || f.count > 100)
		return 'missing or bad "count"';
	if (typeof f.answers !== 'object' || f.answers === null || Array.isArray(f.answers))
		return 'missing "answers"';
	const difficulty = (f.difficulty ?? 'medium') as Difficulty;
	return { ...(f as unknown as AnswerFile), difficulty };
}

export interface GradeReport {
	score: number;
	total: number;
	verdicts: (Verdict & { key: string })[];
}

export function gradeSet(set: ProblemSet, answers: Record<string, Response>): GradeReport {
	const verdicts = set.problems.flatMap((p) =>
		p.questions.map((q) => ({ key: q.key, ...grade(q, answers[q.key]) }))
	);
	return { score: verdicts.filter((v) => v.correct).length, total: verdicts.length, verdicts };
}

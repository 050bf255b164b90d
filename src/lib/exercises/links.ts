/**
 * An exercise page's link: `/exercises/NN-slug/?seed=S[&student=NAME][&count=N][&difficulty=D][&answers=off]`.
 * A student's name alone gives their own seed (hashed), so an instructor can hand out one link per
 * student and grade each file against that student's problems. Pure, so it is unit-tested.
 */
import { DIFFICULTIES, hashText, parseSeed, studentSeed, type Difficulty } from '$lib/sim/exercises';

export interface ExerciseParams {
	seed: number;
	count?: number;
	difficulty?: Difficulty;
	/** False when the instructor's link turned "show answers" off. */
	allowAnswers: boolean;
	student?: string;
}

export const DEFAULT_SEED = 1;

export function readParams(q: URLSearchParams): ExerciseParams {
	const student = q.get('student')?.trim() || undefined;
	const seedText = q.get('seed');
	const seed = seedText ? parseSeed(seedText) : student ? studentSeed(undefined, student) : DEFAULT_SEED;
	const countText = q.get('count');
	const count =
		countText && /^\d+$/.test(countText) && +countText >= 1 && +countText <= 20 ? +countText : undefined;
	const d = q.get('difficulty') as Difficulty | null;
	return {
		seed,
		count,
		difficulty: d && DIFFICULTIES.includes(d) ? d : undefined,
		allowAnswers: q.get('answers') !== 'off',
		student
	};
}

/** The query string (with its `?`) for these parameters; the path is the caller's. */
export function paramsQuery(p: ExerciseParams): string {
	const q = new URLSearchParams();
	q.set('seed', String(p.seed));
	if (p.student) q.set('student', p.student);
	if (p.count) q.set('count', String(p.count));
	if (p.difficulty) q.set('difficulty', p.difficulty);
	if (!p.allowAnswers) q.set('answers', 'off');
	return `?${q}`;
}

/** The next problem's seed: derived from this one, so "new problem" is repeatable too. */
export function nextSeed(seed: number): number {
	return hashText(`next:${seed}`);
}

/** One link per student (seed hashed from the name) or one shared link. */
export function problemSetLinks(
	origin: string,
	slugs: string[],
	opts: { seed?: string; students: string[]; allowAnswers: boolean; count?: number }
): { slug: string; student?: string; url: string }[] {
	const who = opts.students.length ? opts.students : [undefined];
	return slugs.flatMap((slug) =>
		who.map((student) => {
			const seed = student
				? hashText(opts.seed ? `${opts.seed}:${student}` : student)
				: parseSeed(opts.seed || String(DEFAULT_SEED));
			const url = `${origin}/exercises/${slug}/${paramsQuery({ seed, student, allowAnswers: opts.allowAnswers, count: opts.count })}`;
			return { slug, student, url };
		})
	);
}

/**
 * Exercise definitions: `content/exercises/NN-slug/exercise.yaml` parsed and checked against the
 * generator it names. Pure (text in, definition or problems out), so the CLI reading files and the site
 * reading Vite's glob share it, and a broken definition is one message naming the file.
 */
import { parse } from 'yaml';
import { GENERATORS } from './generators';
import { DIFFICULTIES, type Difficulty, type ExerciseDefinition, type QuestionText } from './types';

export const EXERCISES_DIR = 'content/exercises';
export const EXERCISE_FILE = 'exercise.yaml';
export const EXERCISE_FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export class ExerciseError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid exercise definition:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ExerciseError';
	}
}

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Parse one definition; `folder` is `NN-slug`. Throws ExerciseError listing every problem. */
export function parseDefinition(folder: string, text: string): ExerciseDefinition {
	const where = `${EXERCISES_DIR}/${folder}/${EXERCISE_FILE}`;
	const problems: string[] = [];
	const match = EXERCISE_FOLDER.exec(folder);
	if (!match) problems.push(`${where}: the folder must be named NN-slug, e.g. 01-sv32-translation`);
	let raw: unknown;
	try {
		raw = parse(text);
	} catch (e) {
		throw new ExerciseError([`${where}: not valid YAML: ${(e as Error).message}`]);
	}
	const doc = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	for (const key of ['title', 'summary', 'generator'] as const)
		if (!str(doc[key])) problems.push(`${where}: "${key}" must be a non-empty string`);
	const generator = GENERATORS[String(doc.generator)];
	if (str(doc.generator) && !generator)
		problems.push(
			`${where}: unknown generator "${doc.generator}" (known: ${Object.keys(GENERATORS).join(', ')})`
		);
	const difficulty = (doc.difficulty ?? 'medium') as Difficulty;
	if (!DIFFICULTIES.includes(difficulty))
		problems.push(`${where}: "difficulty" must be one of ${DIFFICULTIES.join(', ')}`);
	const count = doc.count ?? 1;
	if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 20)
		problems.push(`${where}: "count" must be a whole number from 1 to 20`);
	const params = doc.params ?? {};
	if (typeof params !== 'object' || params === null || Array.isArray(params))
		problems.push(`${where}: "params" must be a mapping`);
	const questions: QuestionText[] = [];
	if (!Array.isArray(doc.questions) || doc.questions.length === 0)
		problems.push(`${where}: "questions" must be a non-empty list`);
	else
		for (const [i, q] of (doc.questions as unknown[]).entries()) {
			const item = (typeof q === 'object' && q !== null ? q : {}) as Record<string, unknown>;
			if (!str(item.id) || !str(item.text)) {
				problems.push(`${where}: question ${i + 1} needs an "id" and a "text"`);
				continue;
			}
			if (generator && !generator.questions.includes(item.id))
				problems.push(
					`${where}: question "${item.id}" is not one generator ${generator.name} answers (${generator.questions.join(', ')})`
				);
			questions.push({
				id: item.id,
				text: item.text.trim(),
				...(str(item.hint) ? { hint: item.hint.trim() } : {})
			});
		}
	if (problems.length) throw new ExerciseError(problems);
	return {
		slug: folder,
		number: Number(match?.[1]),
		title: String(doc.title).trim(),
		summary: String(doc.summary).trim(),
		generator: String(doc.generator),
		difficulty,
		count: count as number,
		params: params as Record<string, unknown>,
		questions
	};
}

/** Parse a whole folder's worth (folder → YAML text), sorted by number; duplicates are an error. */
export function buildExerciseCatalog(files: Record<string, string>): ExerciseDefinition[] {
	const problems: string[] = [];
	const out: ExerciseDefinition[] = [];
	for (const [folder, text] of Object.entries(files)) {
		try {
			out.push(parseDefinition(folder, text));
		} catch (e) {
			if (e instanceof ExerciseError) problems.push(...e.problems);
			else throw e;
		}
	}
	const seen = new Map<number, string>();
	for (const d of out) {
		const other = seen.get(d.number);
		if (other)
			problems.push(`${EXERCISES_DIR}/${d.slug}: number ${d.number} is already used by ${other}`);
		seen.set(d.number, d.slug);
	}
	if (problems.length) throw new ExerciseError(problems);
	return out.sort((a, b) => a.number - b.number);
}

/**
 * The lesson catalog: turns the lesson files found on disk into an ordered, validated list.
 *
 * Pure on purpose (no Vite, no Svelte) so the rules can be unit-tested; `catalog.server.ts` feeds it the
 * files that `import.meta.glob` finds. Any problem throws one LessonError listing every bad file, so a broken
 * lesson stops the build with a message that names the file instead of rendering a half-empty page.
 */

/** What a lesson's frontmatter must declare (LESSONS.md: a question, a summary, 2–4 objectives). */
export interface LessonMeta {
	title: string;
	summary: string;
	objectives: string[];
}

export interface Lesson extends LessonMeta {
	/** The lesson number from the folder name, e.g. 1 for `01-layers`. */
	number: number;
	/** The folder name, used as the URL segment: `/lessons/01-layers/`. */
	slug: string;
	/** The lesson file relative to the project root, for error messages and "edit this page" links. */
	file: string;
}

/** One file that `import.meta.glob` found, with whatever its module exported as `metadata`. */
export interface LessonSource {
	file: string;
	metadata: unknown;
}

export const LESSONS_DIR = 'content/lessons';
/** Each lesson lives in `content/lessons/NN-slug/index.svx`. */
export const LESSON_FILE = 'index.svx';
/** Two digits, a dash, then lowercase words joined by single dashes: `01-layers`, `12-live-migration`. */
export const LESSON_FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
export const MIN_OBJECTIVES = 2;
export const MAX_OBJECTIVES = 4;

export class LessonError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`Invalid lesson content (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
				problems.map((p) => `  - ${p}`).join('\n')
		);
		this.name = 'LessonError';
	}
}

/** Accepts `/content/lessons/x/index.svx` (Vite's glob keys) or `content/lessons/x/index.svx`. */
function relativePath(file: string): string {
	return file.replace(/^\/+/, '');
}

/** Splits `content/lessons/NN-slug/index.svx` into its folder and file name, or explains what is wrong. */
export function parseLessonPath(file: string): { folder: string; number: number } | string {
	const rel = relativePath(file);
	const prefix = `${LESSONS_DIR}/`;
	if (!rel.startsWith(prefix)) return `${rel}: lessons must live under ${LESSONS_DIR}/`;
	const parts = rel.slice(prefix.length).split('/');
	if (parts.length !== 2) return `${rel}: expected ${LESSONS_DIR}/NN-slug/${LESSON_FILE}`;
	const [folder, name] = parts;
	const match = LESSON_FOLDER.exec(folder);
	if (!match) {
		return `${rel}: folder name "${folder}" must be two digits, a dash and a lowercase slug, e.g. "01-layers"`;
	}
	if (name !== LESSON_FILE) return `${rel}: the lesson text must be named ${LESSON_FILE}`;
	const number = Number(match[1]);
	if (number === 0) return `${rel}: lesson numbers start at 01`;
	return { folder, number };
}

function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.trim().length > 0;
}

/** Checks the frontmatter fields; returns the problems found (empty when valid). */
export function validateMeta(file: string, metadata: unknown): string[] {
	const rel = relativePath(file);
	if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
		return [`${rel}: missing frontmatter (a --- block with title, summary and objectives)`];
	}
	const meta = metadata as Record<string, unknown>;
	const problems: string[] = [];
	for (const key of ['title', 'summary'] as const) {
		if (!isNonEmptyString(meta[key]))
			problems.push(`${rel}: frontmatter "${key}" must be a non-empty string`);
	}
	const objectives = meta.objectives;
	if (!Array.isArray(objectives) || !objectives.every(isNonEmptyString)) {
		problems.push(`${rel}: frontmatter "objectives" must be a list of non-empty strings`);
	} else if (objectives.length < MIN_OBJECTIVES || objectives.length > MAX_OBJECTIVES) {
		problems.push(
			`${rel}: frontmatter "objectives" has ${objectives.length} item${objectives.length === 1 ? '' : 's'}; a lesson states ` +
				`${MIN_OBJECTIVES} to ${MAX_OBJECTIVES} objectives`
		);
	}
	return problems;
}

/** Validates every source and returns the lessons ordered by number, or throws one LessonError. */
export function buildCatalog(sources: LessonSource[]): Lesson[] {
	const problems: string[] = [];
	const lessons: Lesson[] = [];
	const byNumber = new Map<number, string>();

	for (const { file, metadata } of sources) {
		const rel = relativePath(file);
		const parsed = parseLessonPath(rel);
		if (typeof parsed === 'string') {
			problems.push(parsed);
			continue;
		}
		const metaProblems = validateMeta(rel, metadata);
		if (metaProblems.length > 0) {
			problems.push(...metaProblems);
			continue;
		}
		const other = byNumber.get(parsed.number);
		if (other !== undefined) {
			problems.push(`${rel}: lesson number ${parsed.folder.slice(0, 2)} is already used by ${other}`);
			continue;
		}
		byNumber.set(parsed.number, rel);
		const meta = metadata as LessonMeta;
		lessons.push({
			number: parsed.number,
			slug: parsed.folder,
			file: rel,
			title: meta.title.trim(),
			summary: meta.summary.trim(),
			objectives: meta.objectives.map((o) => o.trim())
		});
	}

	if (sources.length === 0)
		problems.push(`${LESSONS_DIR}/: no lessons found (expected NN-slug/${LESSON_FILE})`);
	if (problems.length > 0) throw new LessonError(problems);
	return lessons.sort((a, b) => a.number - b.number);
}

/** The lessons before and after `slug` in reading order, for previous/next links. */
export function neighbours(lessons: Lesson[], slug: string): { previous?: Lesson; next?: Lesson } {
	const i = lessons.findIndex((l) => l.slug === slug);
	if (i < 0) return {};
	return { previous: lessons[i - 1], next: lessons[i + 1] };
}

/** "01", "12": the number as it appears in the folder name and on the page. */
export function lessonLabel(lesson: Pick<Lesson, 'number'>): string {
	return String(lesson.number).padStart(2, '0');
}

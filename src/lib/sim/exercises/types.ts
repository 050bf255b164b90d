/**
 * What an exercise is, as data. A definition (content/exercises/NN-slug/exercise.yaml) names a
 * generator and holds the question texts with {placeholders}; a generator turns a seed into a problem:
 * the facts that fill the placeholders, a context the page and the printout show, and each question's
 * answer, computed by running the simulator or its walker.
 */

export type Difficulty = 'easy' | 'medium' | 'hard';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** How a number is written in the question and the answer key; any spelling is accepted when checking. */
export type NumberBase = 'hex' | 'dec';

/** A known wrong answer and why it is wrong (the step of the walk or the rule it skipped). */
export interface Mistake<V> {
	value: V;
	why: string;
}

export type Answer =
	| { kind: 'number'; value: number; base: NumberBase; mistakes?: Mistake<number>[] }
	| { kind: 'choice'; options: string[]; correct: number; mistakes?: Mistake<number>[] }
	| { kind: 'multi'; options: string[]; correct: number[]; why?: string[] }
	| { kind: 'order'; items: string[]; correct: number[] };

export type AnswerKind = Answer['kind'];

/** What a generator says about one question: its answer, and an explanation shown with the answer. */
export interface Solved {
	answer: Answer;
	explain: string;
}

/** The problem a generator made, before the definition's texts are applied. */
export interface GeneratedProblem {
	/** Values for the {placeholders} in the question texts. */
	facts: Record<string, string | number | boolean>;
	/** Generator-specific data for the page's drawing and the printout (plain, JSON-able). */
	context: ProblemContext;
	/** Answers by question id; a question whose id is missing does not apply to this problem. */
	answers: Record<string, Solved>;
}

/** A problem's setting, to show: a few lines of text and tables, plus data a live widget can use. */
export interface ProblemContext {
	/** Short paragraphs stating the problem. */
	lines: string[];
	/** Tables (a page table, the CSRs): a caption, column headings and rows of cells. */
	tables: { caption: string; columns: string[]; rows: string[][] }[];
	/** Assembly source, when the problem is a program. */
	code?: string;
	/** Generator-specific data for an explorer widget (e.g. the page table's words). */
	data?: unknown;
}

export interface Generator {
	/** The name a definition's `generator:` field uses. */
	name: string;
	/** Question ids this generator answers, so a definition can be checked against it. */
	questions: readonly string[];
	generate(
		seed: number,
		difficulty: Difficulty,
		params: Readonly<Record<string, unknown>>
	): GeneratedProblem;
}

export interface QuestionText {
	id: string;
	/** The question, with {fact} placeholders. */
	text: string;
	/** A hint, with placeholders too. */
	hint?: string;
}

export interface ExerciseDefinition {
	/** The folder name, `01-sv32-translation`: the URL segment and the CLI's name. */
	slug: string;
	number: number;
	title: string;
	summary: string;
	generator: string;
	difficulty: Difficulty;
	/** Problems in a set when neither the link nor the command line says. */
	count: number;
	params: Record<string, unknown>;
	questions: QuestionText[];
}

/** One question as a student sees it. `key` is unique in the set: `problem.questionId`. */
export interface Question {
	key: string;
	id: string;
	text: string;
	hint?: string;
	answer: Answer;
	explain: string;
}

export interface Problem {
	/** 1-based. */
	index: number;
	seed: number;
	context: ProblemContext;
	questions: Question[];
}

export interface ProblemSet {
	exercise: string;
	title: string;
	seed: number;
	count: number;
	difficulty: Difficulty;
	problems: Problem[];
}

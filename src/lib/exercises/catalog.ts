/**
 * The exercises the site offers: every content/exercises/NN-slug/exercise.yaml, found by Vite's glob
 * and parsed by the same code the CLI uses (sim/exercises/definition.ts), so a seed gives the same
 * problems on the page as on the command line. A broken definition fails the build, naming the file.
 */
import { buildExerciseCatalog, type ExerciseDefinition } from '$lib/sim/exercises';

const files = import.meta.glob('/content/exercises/*/exercise.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** Folder name → YAML text, as buildExerciseCatalog takes them. */
export const EXERCISE_SOURCES: Record<string, string> = Object.fromEntries(
	Object.entries(files).map(([path, text]) => [path.split('/').at(-2) ?? path, text])
);

export const exercises: ExerciseDefinition[] = buildExerciseCatalog(EXERCISE_SOURCES);

export function findExercise(slug: string): ExerciseDefinition | undefined {
	return exercises.find((e) => e.slug === slug);
}

import { error } from '@sveltejs/kit';
import { exercises, findExercise } from '$lib/exercises/catalog';
import type { EntryGenerator, PageLoad } from './$types';

// One prerendered page per exercise; the seed and the rest come from the query string in the browser.
export const entries: EntryGenerator = () => exercises.map((e) => ({ exercise: e.slug }));

export const load: PageLoad = ({ params }) => {
	const exercise = findExercise(params.exercise);
	if (!exercise) error(404, `No exercise ${params.exercise}`);
	return { exercise };
};

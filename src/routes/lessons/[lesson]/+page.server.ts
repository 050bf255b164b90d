import { error } from '@sveltejs/kit';
import { neighbours } from '$lib/lessons/catalog';
import { lessons } from '$lib/lessons/catalog.server';
import type { EntryGenerator, PageServerLoad } from './$types';

// Prerender every lesson in the catalog, even one no page links to yet.
export const entries: EntryGenerator = () => lessons.map((lesson) => ({ lesson: lesson.slug }));

export const load: PageServerLoad = ({ params }) => {
	const lesson = lessons.find((l) => l.slug === params.lesson);
	if (!lesson) error(404, `No lesson "${params.lesson}"`);
	return { lesson, ...neighbours(lessons, lesson.slug) };
};

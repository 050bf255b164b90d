import { loadLessonComponent } from '$lib/lessons/components';
import type { PageLoad } from './$types';

// The lesson body is a component, so it is loaded here (browser and prerender alike), not on the server.
export const load: PageLoad = async ({ data }) => ({
	...data,
	component: await loadLessonComponent(data.lesson.slug)
});

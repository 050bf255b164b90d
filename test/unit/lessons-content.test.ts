/**
 * The lessons actually on disk: every one validates and has a body, so a broken lesson fails here with
 * the same message the build would print, without waiting for a build.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LESSONS_DIR } from '../../src/lib/lessons/catalog';
import { lessons } from '../../src/lib/lessons/catalog.server';
import { loadLessonComponent } from '../../src/lib/lessons/components';

describe('content/lessons', () => {
	it('lists every lesson folder on disk, in order', () => {
		const folders = readdirSync(LESSONS_DIR, { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => entry.name)
			.sort();
		expect(lessons.map((l) => l.slug)).toEqual(folders);
	});

	it('starts with lesson 01 on the layers', () => {
		expect(lessons[0]).toMatchObject({ number: 1, slug: '01-layers' });
	});

	it('has a component for every lesson', async () => {
		for (const lesson of lessons) {
			expect(typeof (await loadLessonComponent(lesson.slug)), lesson.file).toBe('function');
		}
	});

	it('refuses to load a lesson that does not exist', async () => {
		await expect(loadLessonComponent('99-missing')).rejects.toThrow(
			'content/lessons/99-missing/index.svx'
		);
	});
});

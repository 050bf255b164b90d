import { describe, expect, it } from 'vitest';
import {
	LessonError,
	buildCatalog,
	lessonLabel,
	neighbours,
	parseLessonPath,
	validateMeta,
	type LessonSource
} from '../../src/lib/lessons/catalog';

const meta = (overrides: Record<string, unknown> = {}) => ({
	title: 'Layers',
	summary: 'What the layers are.',
	objectives: ['Name the layers.', 'Explain an interface.'],
	...overrides
});

const source = (folder: string, metadata: unknown = meta(), name = 'index.svx'): LessonSource => ({
	file: `/content/lessons/${folder}/${name}`,
	metadata
});

/** The problems a LessonError reports, or fails the test when nothing was thrown. */
function problemsOf(sources: LessonSource[]): string[] {
	try {
		buildCatalog(sources);
	} catch (error) {
		expect(error).toBeInstanceOf(LessonError);
		return (error as LessonError).problems;
	}
	throw new Error('expected buildCatalog to throw');
}

describe('parseLessonPath', () => {
	it('accepts NN-slug folders holding index.svx, with or without the leading slash', () => {
		expect(parseLessonPath('/content/lessons/01-layers/index.svx')).toEqual({
			folder: '01-layers',
			number: 1
		});
		expect(parseLessonPath('content/lessons/12-live-migration/index.svx')).toEqual({
			folder: '12-live-migration',
			number: 12
		});
	});

	it.each([
		['content/lessons/1-layers/index.svx', 'folder name "1-layers"'],
		['content/lessons/01_layers/index.svx', 'folder name "01_layers"'],
		['content/lessons/01-Layers/index.svx', 'folder name "01-Layers"'],
		['content/lessons/01-layers-/index.svx', 'folder name "01-layers-"'],
		['content/lessons/01--layers/index.svx', 'folder name "01--layers"'],
		['content/lessons/001-layers/index.svx', 'folder name "001-layers"'],
		['content/lessons/00-intro/index.svx', 'start at 01'],
		['content/lessons/01-layers/lesson.svx', 'must be named index.svx'],
		['content/lessons/01-layers/notes/index.svx', 'expected content/lessons/NN-slug/index.svx'],
		['content/lessons/README.md', 'expected content/lessons/NN-slug/index.svx'],
		['src/lessons/01-layers/index.svx', 'must live under content/lessons/']
	])('rejects %s, naming the file', (file, message) => {
		const result = parseLessonPath(file);
		expect(typeof result).toBe('string');
		expect(result).toContain(file);
		expect(result).toContain(message);
	});
});

describe('validateMeta', () => {
	const file = 'content/lessons/01-layers/index.svx';

	it('accepts a complete frontmatter', () => {
		expect(validateMeta(file, meta())).toEqual([]);
	});

	it('reports a missing frontmatter block', () => {
		expect(validateMeta(file, undefined)).toEqual([expect.stringContaining('missing frontmatter')]);
		expect(validateMeta(file, ['title'])).toEqual([expect.stringContaining('missing frontmatter')]);
	});

	it.each([
		['title', { title: undefined }],
		['title', { title: '   ' }],
		['title', { title: 42 }],
		['summary', { summary: '' }],
		['objectives', { objectives: 'Name the layers.' }],
		['objectives', { objectives: ['Fine.', ''] }],
		['objectives', { objectives: ['Fine.', 3] }],
		['objectives', { objectives: ['Only one.'] }],
		['objectives', { objectives: ['1', '2', '3', '4', '5'] }]
	])('reports a bad "%s" with the file name', (field, overrides) => {
		const problems = validateMeta(file, meta(overrides));
		expect(problems).toHaveLength(1);
		expect(problems[0]).toContain(file);
		expect(problems[0]).toContain(`"${field}"`);
	});

	it('reports every bad field at once', () => {
		expect(validateMeta(file, { objectives: [] })).toHaveLength(3);
	});
});

describe('buildCatalog', () => {
	it('orders lessons by number, not by the order the files were found', () => {
		const lessons = buildCatalog([source('10-migration'), source('02-cpu'), source('01-layers')]);
		expect(lessons.map((l) => l.slug)).toEqual(['01-layers', '02-cpu', '10-migration']);
		expect(lessons.map((l) => l.number)).toEqual([1, 2, 10]);
	});

	it('keeps the file path and trims the frontmatter text', () => {
		const [lesson] = buildCatalog([
			source('01-layers', meta({ title: '  Layers ', objectives: [' One. ', 'Two.'] }))
		]);
		expect(lesson).toMatchObject({
			file: 'content/lessons/01-layers/index.svx',
			title: 'Layers',
			objectives: ['One.', 'Two.']
		});
	});

	it('rejects two lessons with the same number, naming both files', () => {
		const [problem] = problemsOf([source('01-layers'), source('01-other')]);
		expect(problem).toContain('content/lessons/01-other/index.svx');
		expect(problem).toContain('content/lessons/01-layers/index.svx');
	});

	it('collects the problems of every bad lesson into one error', () => {
		const problems = problemsOf([
			source('01-layers'),
			source('2-cpu'),
			source('03-memory', meta({ title: '' })),
			source('04-disks', {}, 'index.md')
		]);
		expect(problems).toHaveLength(3);
		expect(problems.join('\n')).toMatch(/2-cpu[\s\S]*03-memory[\s\S]*04-disks/);
	});

	it('puts every problem in the error message the build prints', () => {
		try {
			buildCatalog([source('1-x'), source('02-y', null)]);
			expect.unreachable();
		} catch (error) {
			expect((error as Error).message).toContain('2 problems');
			expect((error as Error).message).toContain('content/lessons/1-x/index.svx');
			expect((error as Error).message).toContain('content/lessons/02-y/index.svx');
		}
	});

	it('fails when there are no lessons at all', () => {
		expect(problemsOf([])).toEqual([expect.stringContaining('no lessons found')]);
	});
});

describe('navigation helpers', () => {
	const lessons = buildCatalog([source('01-a'), source('02-b'), source('05-c')]);

	it('links each lesson to its neighbours in reading order', () => {
		expect(neighbours(lessons, '01-a')).toEqual({ previous: undefined, next: lessons[1] });
		expect(neighbours(lessons, '02-b')).toEqual({ previous: lessons[0], next: lessons[2] });
		expect(neighbours(lessons, '05-c')).toEqual({ previous: lessons[1], next: undefined });
		expect(neighbours(lessons, '09-missing')).toEqual({});
	});

	it('labels lessons with two digits', () => {
		expect(lessons.map(lessonLabel)).toEqual(['01', '02', '05']);
	});
});

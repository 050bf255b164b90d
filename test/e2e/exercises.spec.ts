/**
 * A student's session with an exercise: answer one question right and one wrong, see both verdicts,
 * reload and find the answers kept (IndexedDB), download the answer file, and have the CLI's grader give
 * the same score. The pages are axe-clean in both colour schemes, answers and a page walk showing.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, readdirSync } from 'node:fs';
import { exerciseCommand, loadExercises } from '../../src/lib/sim/cli/exercise';
import { generateSet } from '../../src/lib/sim/exercises';
import { expect, gotoHydrated, test } from './site';

const SLUG = '01-sv32-translation';
const SEED = 42;
const URL_ = `/exercises/${SLUG}/?seed=${SEED}`;

async function expectedSet() {
	const def = (await loadExercises()).find((d) => d.slug === SLUG);
	if (!def) throw new Error(`no ${SLUG}`);
	return generateSet(def, SEED);
}

async function gradeWithCli(path: string): Promise<string> {
	let out = '';
	const code = await exerciseCommand(['grade', SLUG, '--seed', String(SEED), path], {
		readFile: async (p) => readFileSync(p, 'utf8'),
		readdir: async (p) => readdirSync(p),
		isDirectory: async () => false,
		stdout: (t) => (out += t),
		stderr: (t) => (out += t),
		exercisesDir: 'content/exercises'
	});
	expect(code, out).toBe(0);
	return out;
}

test('answer, check, reload, download, and the CLI grades the file the same', async ({ page }, info) => {
	const set = await expectedSet();
	const [first, second] = set.problems[0].questions;
	if (first.answer.kind !== 'choice') throw new Error('the first question is a choice');
	const total = set.problems.flatMap((p) => p.questions).length;

	await gotoHydrated(page, URL_);
	const root = page.getByTestId('problem-set');
	await expect(root).toHaveAttribute('data-seed', String(SEED));
	await expect(root).toHaveAttribute('data-progress', 'loaded');

	const q1 = page.locator(`[data-key="${first.key}"]`);
	const q2 = page.locator(`[data-key="${second.key}"]`);
	await q1.getByLabel(first.answer.options[first.answer.correct], { exact: true }).check();
	await q1.getByRole('button', { name: 'Check 1.1' }).click();
	await expect(q1.getByTestId('verdict')).toContainText('✓ Right.');
	// A wrong answer: no walk reads 3 PTEs, no fault has cause 3, and 3 is no physical address here.
	if (second.answer.kind !== 'number') throw new Error('the second question is a number');
	await q2.getByRole('textbox').fill('3');
	await q2.getByRole('button', { name: 'Check 1.2' }).click();
	await expect(q2.getByTestId('verdict')).toContainText('✗ Not right.');
	await expect(page.getByTestId('score')).toHaveText(`1 of ${total} right (2 checked).`);

	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
	await expect(root).toHaveAttribute('data-progress', 'loaded');
	await expect(q1.getByLabel(first.answer.options[first.answer.correct], { exact: true })).toBeChecked();
	await expect(q2.getByRole('textbox')).toHaveValue('3');
	await expect(q1.getByTestId('verdict')).toContainText('✓ Right.');
	await expect(page.getByTestId('score')).toHaveText(`1 of ${total} right (2 checked).`);

	await page.getByLabel('Your name or student ID').fill('Ada Lovelace');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download answers' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`${SLUG}-seed-${SEED}-Ada_Lovelace.json`);
	const file = info.outputPath('answers.json');
	await download.saveAs(file);
	const saved = JSON.parse(readFileSync(file, 'utf8'));
	expect(saved).toMatchObject({
		format: 'vmscope-answers',
		exercise: SLUG,
		seed: SEED,
		student: 'Ada Lovelace'
	});
	const report = await gradeWithCli(file);
	expect(report).toMatch(new RegExp(`^score 1/${total}$`, 'm'));
});

test('new problem changes the seed, and a link can turn the answers off', async ({ page }) => {
	await gotoHydrated(page, `${URL_}&answers=off`);
	await expect(page.getByTestId('problem-set')).toHaveAttribute('data-progress', 'loaded');
	await expect(page.getByRole('button', { name: 'Show answers' })).toHaveCount(0);
	await page.getByRole('button', { name: 'New problem' }).click();
	await expect(page).toHaveURL(/answers=off/);
	await expect(page.getByTestId('problem-set')).not.toHaveAttribute('data-seed', String(SEED));
	await expect(page.getByRole('button', { name: 'Show answers' })).toHaveCount(0);
});

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
for (const colorScheme of ['light', 'dark'] as const) {
	test.describe(`axe, ${colorScheme} scheme`, () => {
		test.use({ colorScheme });
		for (const path of [
			'/exercises/',
			URL_,
			'/exercises/03-trace-program/?seed=5',
			'/exercises/02-trap-routing/?seed=5'
		])
			test(`${path} has no violations`, async ({ page }) => {
				await gotoHydrated(page, path);
				const show = page.getByRole('button', { name: 'Show answers' });
				if (await show.count()) {
					await expect(page.getByTestId('problem-set')).toHaveAttribute('data-progress', 'loaded');
					await show.click();
					await expect(page.getByTestId('answer').first()).toBeVisible();
					await page
						.getByRole('button', { name: /^Check/ })
						.first()
						.click();
				}
				const va = page.getByLabel('Virtual address');
				if (await va.count()) {
					await va.first().fill('0x00000000');
					await page.getByRole('button', { name: 'Walk' }).first().click();
					await expect(page.getByTestId('page-walk').first()).toBeVisible();
				}
				if (path === '/exercises/') await page.getByLabel('Sv32 address translation').check();
				const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
				const report = violations.map(
					(v) => `${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
				);
				expect(report, `axe violations on ${path}`).toEqual([]);
			});
	});
}

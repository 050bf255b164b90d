/**
 * `vmscope exercise list|gen|grade`: an instructor's problem sets on the command line.
 *
 *   vmscope exercise list
 *   vmscope exercise gen 01-sv32-translation --seed 42 [--count N] [--difficulty D] [--answers] [--format md|json|gift]
 *   vmscope exercise grade 01-sv32-translation --seed 42 answers.json   (a folder: one CSV row per file)
 *
 * Exit codes: 0 done, 2 usage error or a file that cannot be read or is not an answer file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	DIFFICULTIES,
	EXERCISE_FILE,
	ExerciseError,
	buildExerciseCatalog,
	generateSet,
	gradeSet,
	parseSeed,
	studentSeed,
	readAnswerFile,
	type Difficulty,
	type ExerciseDefinition,
	type GradeReport
} from '../exercises';
import { formatSet, type SetFormat } from '../exercises/format';

export const EXERCISE_USAGE = `usage: vmscope exercise list
       vmscope exercise gen NN-slug --seed S [--count N] [--difficulty easy|medium|hard]
                                    [--answers] [--format md|json|gift]
       vmscope exercise grade NN-slug [--seed S] ANSWERS.json|FOLDER
  --seed S        a number, or any text (a student's name or ID) hashed to one
  --count N       problems in the set (default: the exercise's own)
  --answers       print the answer key with the problems
  --format F      md (Markdown, default), json, or gift (Moodle quiz import)
  grade           prints the score and each question's verdict; given a folder, one CSV row per
                  answer file (file, student, seed, score, total). Files from per-student links
                  are checked against the seed made from --seed (if the links had one) and the
                  student's name in the file`;

export interface ExerciseIO {
	readonly readFile: (path: string) => Promise<string>;
	readonly readdir: (path: string) => Promise<string[]>;
	readonly isDirectory: (path: string) => Promise<boolean>;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	/** content/exercises of this checkout. */
	readonly exercisesDir: string;
}

const nodeIO: ExerciseIO = {
	readFile: (path) => readFile(path, 'utf8'),
	readdir: (path) => readdir(path),
	isDirectory: async (path) => (await stat(path)).isDirectory(),
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	exercisesDir: fileURLToPath(new URL('../../../../content/exercises', import.meta.url))
};

/** Every definition on disk, as the site's catalog reads them. */
export async function loadExercises(
	io: Pick<ExerciseIO, 'readFile' | 'readdir' | 'exercisesDir'> = nodeIO
): Promise<ExerciseDefinition[]> {
	const files: Record<string, string> = {};
	for (const folder of (await io.readdir(io.exercisesDir)).sort()) {
		try {
			files[folder] = await io.readFile(join(io.exercisesDir, folder, EXERCISE_FILE));
		} catch {
			// Not an exercise folder (a README, a stray file): the catalog names only real ones.
		}
	}
	return buildExerciseCatalog(files);
}

interface Args {
	positional: string[];
	seed?: string;
	count?: number;
	difficulty?: Difficulty;
	answers: boolean;
	format: SetFormat;
}

function parseArgs(argv: readonly string[]): Args | string {
	const out: Args = { positional: [], answers: false, format: 'md' };
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value: string | undefined;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
		const take = () => value ?? argv[++i];
		switch (arg) {
			case '--seed': {
				const v = take();
				if (v === undefined || v.trim() === '') return '--seed expects a number or a name';
				out.seed = v;
				break;
			}
			case '--count': {
				const v = take();
				if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 100)
					return `--count expects a whole number from 1 to 100, got ${v ?? 'nothing'}`;
				out.count = Number(v);
				break;
			}
			case '--difficulty': {
				const v = take() as Difficulty;
				if (!DIFFICULTIES.includes(v))
					return `--difficulty expects ${DIFFICULTIES.join(', ')}, got ${v ?? 'nothing'}`;
				out.difficulty = v;
				break;
			}
			case '--format': {
				const v = take();
				if (v !== 'md' && v !== 'json' && v !== 'gift')
					return `--format expects md, json or gift, got ${v ?? 'nothing'}`;
				out.format = v;
				break;
			}
			case '--answers':
				out.answers = true;
				break;
			default:
				if (arg.startsWith('-')) return `unknown option ${arg}`;
				out.positional.push(arg);
		}
	}
	return out;
}

function verdictLines(r: GradeReport): string {
	const lines = r.verdicts.map((v) =>
		`${v.key.padEnd(12)} ${v.correct ? 'right' : v.blank ? 'blank' : 'wrong'}  ${v.correct ? '' : v.message}`.trimEnd()
	);
	return `score ${r.score}/${r.total}\n${lines.join('\n')}\n`;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function exerciseCommand(argv: string[], io: ExerciseIO = nodeIO): Promise<number> {
	const fail = (message: string) => (io.stderr(`vmscope exercise: ${message}\n`), 2);
	if (argv.includes('--help') || argv.includes('-h')) return (io.stdout(`${EXERCISE_USAGE}\n`), 0);
	const args = parseArgs(argv);
	if (typeof args === 'string') return fail(`${args}\n${EXERCISE_USAGE}`);
	const [sub, name, file, ...extra] = args.positional;
	let catalog: ExerciseDefinition[];
	try {
		catalog = await loadExercises(io);
	} catch (e) {
		if (e instanceof ExerciseError) return fail(e.message);
		throw e;
	}
	if (sub === 'list') {
		for (const d of catalog)
			io.stdout(
				`${d.slug.padEnd(24)} ${d.title} (${d.generator}, ${d.difficulty}, ${d.count} per set)\n`
			);
		return 0;
	}
	if (sub !== 'gen' && sub !== 'grade')
		return fail(
			`${sub === undefined ? 'missing subcommand' : `unknown subcommand ${sub}`}\n${EXERCISE_USAGE}`
		);
	if (name === undefined) return fail(`missing the exercise (see vmscope exercise list)`);
	const def = catalog.find((d) => d.slug === name || d.slug.slice(0, 2) === name);
	if (!def) return fail(`no exercise ${name} (see vmscope exercise list)`);
	if (args.seed === undefined && sub === 'gen') return fail('missing --seed');
	const seed = parseSeed(args.seed ?? '');
	if (sub === 'gen') {
		if (file !== undefined) return fail(`unexpected argument ${file}`);
		const set = generateSet(def, seed, { count: args.count, difficulty: args.difficulty });
		io.stdout(formatSet(set, args.format, args.answers));
		return 0;
	}
	if (file === undefined || extra.length) return fail('grade takes one answer file or one folder');
	let isDir: boolean;
	try {
		isDir = await io.isDirectory(file);
	} catch {
		return fail(`cannot read ${file}: no such file`);
	}
	const gradeOne = async (path: string) => {
		let json: unknown;
		try {
			json = JSON.parse(await io.readFile(path));
		} catch (e) {
			return `${path}: ${(e as Error).message}`;
		}
		const f = readAnswerFile(json);
		if (typeof f === 'string') return `${path}: ${f}`;
		if (f.exercise !== def.slug) return `${path}: answers for ${f.exercise}, not ${def.slug}`;
		// The file names its seed; it must be the instructor's --seed, or the one a per-student link
		// derived from it and the student's name (studentSeed), so a student cannot pick an easier one.
		const allowed = [
			...(args.seed !== undefined ? [seed] : []),
			...(f.student ? [studentSeed(args.seed, f.student)] : [])
		];
		if (!allowed.includes(f.seed))
			return args.seed === undefined && !f.student
				? `${path}: no --seed given and no student named in the file`
				: `${path}: answers for seed ${f.seed}, not ${allowed.join(' or ')}`;
		const set = generateSet(def, f.seed, { count: f.count, difficulty: f.difficulty });
		return { file: f, report: gradeSet(set, f.answers) };
	};
	if (!isDir) {
		const r = await gradeOne(file);
		if (typeof r === 'string') return fail(r);
		io.stdout(verdictLines(r.report));
		return 0;
	}
	const names = (await io.readdir(file)).filter((n) => n.endsWith('.json')).sort();
	io.stdout('file,student,seed,score,total\n');
	let bad = 0;
	for (const n of names) {
		const r = await gradeOne(join(file, n));
		if (typeof r === 'string') {
			bad++;
			io.stderr(`vmscope exercise: ${r}\n`);
			continue;
		}
		io.stdout(
			[n, r.file.student ?? '', String(r.file.seed), String(r.report.score), String(r.report.total)]
				.map(csvCell)
				.join(',') + '\n'
		);
	}
	return bad ? 2 : 0;
}

/**
 * `npm run bench` (section 2): the cost of instrumentation, and stepping back.
 *
 * 1. MIPS of the same slice of a program with a trace hub and no subscriber (no hook installed),
 *    with statistics only (the trap hook), and with every event kind subscribed.
 * 2. Stepping back 1 step (and 100 000, and to the previous trap) from 10 million steps into `paged`
 *    (S-mode, Sv32), through the session
 *    (restore the nearest checkpoint, replay), with 16 MiB (the session's default) and 128 MiB of RAM.
 *
 * `node bin/bench.js instrumentation` runs only this section.
 */
import { readFileSync } from 'node:fs';
import { loadElf } from '../src/lib/sim/isa/elf';
import { Machine } from '../src/lib/sim/machine/machine';
import { LocalSession } from '../src/lib/sim/session/local';
import { eventKinds } from '../src/lib/sim/trace/events';
import { TraceHub } from '../src/lib/sim/trace/hub';
import { Statistics } from '../src/lib/sim/trace/stats';

const SLICE = 30_000_000;
const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const run = args.length === 0 || args.includes('instrumentation');

const program = (name: string) =>
	loadElf(new Uint8Array(readFileSync(new URL(`./${name}.elf`, import.meta.url))));

/** 16 MiB: every program here fits, and nine 128 MiB machines would mostly measure the GC. */
function machineFor(name: string, ramMiB = 16): Machine {
	const m = new Machine({ ramMiB, consoleOut: () => {} });
	m.load(program(name));
	return m;
}

function cpuSeconds(fn: () => void): number {
	const c0 = process.cpuUsage();
	fn();
	const c1 = process.cpuUsage(c0);
	return (c1.user + c1.system) / 1e6;
}

const table = (rows: string[][]) => {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
};

function instrumentationCost(): void {
	const rows = [['program', 'steps', 'no subscriber', 'statistics', 'all kinds', 'events']];
	machineFor('intmix').run(SLICE); // warm up the interpreter first, so the first figure is not penalised
	for (const name of ['intmix', 'memwalk', 'paged']) {
		const best = { none: 0, stats: 0, all: 0 };
		let events = 0;
		let steps = 0;
		// Modes interleaved, twice: the best of each, so neither order nor a GC pause decides.
		for (let rep = 0; rep < 2; rep++)
			for (const mode of ['none', 'stats', 'all'] as const) {
				const m = machineFor(name);
				const hub = new TraceHub(m);
				if (mode !== 'none') new Statistics(hub);
				events = 0;
				if (mode === 'all') hub.subscribe(eventKinds(), () => events++);
				const s = cpuSeconds(() => m.run(SLICE));
				steps = m.instret;
				best[mode] = Math.max(best[mode], m.instret / s / 1e6);
			}
		const figures = [best.none, best.stats, best.all].map((v) => `${v.toFixed(1)} MIPS`);
		rows.push([name, String(steps), ...figures, String(events)]);
	}
	console.log('\nInstrumentation cost (the first 30M instructions of each program; best of 2, CPU time):');
	table(rows);
}

async function stepBack(): Promise<void> {
	const rows = [
		[
			'RAM',
			'run 10M (session)',
			'run 10M (bare)',
			'checkpoints',
			'history',
			'back 1',
			'back 100k',
			'back to trap'
		]
	];
	for (const ramMiB of [16, 128]) {
		const bare = machineFor('paged', ramMiB);
		const bareSeconds = cpuSeconds(() => bare.run(10_000_000));
		const s = new LocalSession();
		await s.load({ program: program('paged') }, { ramMiB });
		let t0 = performance.now();
		const r = await s.step(10_000_000);
		const runMs = performance.now() - t0;
		if (r.position !== 10_000_000) throw new Error(`ran to ${r.position}, not 10M (${r.reason})`);
		const st = await s.status();
		const time = async (fn: () => Promise<unknown>, back: () => Promise<unknown>) => {
			const ms: number[] = [];
			for (let i = 0; i < 5; i++) {
				t0 = performance.now();
				await fn();
				ms.push(performance.now() - t0);
				await back();
			}
			return `${ms.sort((a, b) => a - b)[2].toFixed(1)} ms`;
		};
		const one = await time(
			() => s.stepBack(1),
			() => s.step(1)
		);
		const many = await time(
			() => s.stepBack(100_000),
			() => s.step(100_000)
		);
		let before = 0;
		let trapped = true;
		const trap = await time(
			async () => {
				before = (await s.status()).position;
				trapped = (await s.backToPreviousTrap()).reason !== 'start';
			},
			async () => s.step(before - (await s.status()).position)
		);
		rows.push([
			`${ramMiB} MiB`,
			`${(runMs / 1000).toFixed(2)} s`,
			`${bareSeconds.toFixed(2)} s`,
			String(st.history.checkpoints),
			`${(st.history.bytes / 2 ** 20).toFixed(1)} MiB`,
			one,
			many,
			trapped ? trap : 'no trap'
		]);
	}
	console.log(
		'\nStepping back from 10M steps into paged (median of 5, wall time; the session runs with checkpoints):'
	);
	table(rows);
}

if (run) {
	instrumentationCost();
	await stepBack();
}

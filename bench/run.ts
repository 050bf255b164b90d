/**
 * `npm run bench`: run each CPU-bound program in bench/ to completion with instrumentation off, under
 * the interpreter and under the block translator (engine 'jit', which must end with the same
 * instructions and cycles), then for a slice with an instruction-level subscriber on (the translator
 * stands aside then), and print MIPS for each.
 * Targets: ≥ 100 MIPS off, ≥ 20 MIPS with a subscriber (issue 3); the translator ≥ 3× the
 * interpreter on intmix and interp, ≥ 2× on memwalk (issue 21). `paged` is the S-mode figure with
 * Sv32 paging on (issue 4).
 */
import { readFileSync } from 'node:fs';
import { loadElf } from '../src/lib/sim/isa/elf';
import { Machine, type Engine } from '../src/lib/sim/machine/machine';

/** `paged` runs its work in S-mode with Sv32 paging on (every load and store translated). */
const PROGRAMS = ['intmix', 'memwalk', 'interp', 'paged'];
/** Instructions run with the subscriber on (enough for a stable figure, short enough to wait for). */
const SUBSCRIBED_SLICE = 40_000_000;

function machineFor(name: string, engine: Engine = 'interp'): Machine {
	const program = loadElf(new Uint8Array(readFileSync(new URL(`./${name}.elf`, import.meta.url))));
	const m = new Machine({ consoleOut: () => {}, engine });
	m.load(program);
	return m;
}

interface Timing {
	instructions: number;
	cycles: number;
	/** Wall-clock seconds, and this process's CPU seconds (fairer when other work shares the cores). */
	seconds: number;
	cpuSeconds: number;
	why: string;
}

function timed(m: Machine, budget: number): Timing {
	const t0 = performance.now();
	const c0 = process.cpuUsage();
	const why = m.run(budget);
	const c1 = process.cpuUsage(c0);
	const seconds = (performance.now() - t0) / 1000;
	return {
		instructions: m.instret,
		cycles: m.cycles,
		seconds,
		cpuSeconds: (c1.user + c1.system) / 1e6,
		why: why.kind
	};
}

const mips = (t: Timing, s: number) => (t.instructions / s / 1e6).toFixed(1);

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const rows: string[][] = [
	[
		'program',
		'instructions',
		'interp MIPS',
		'MIPS/cpu',
		'jit MIPS',
		'MIPS/cpu',
		'jit/interp',
		'subscribed MIPS',
		'MIPS/cpu'
	]
];
for (const name of PROGRAMS.filter((p) => only.length === 0 || only.includes(p))) {
	const off = timed(machineFor(name), Infinity);
	if (off.why !== 'exited') throw new Error(`${name} did not exit (${off.why})`);
	const jit = timed(machineFor(name, 'jit'), Infinity);
	if (jit.why !== 'exited' || jit.instructions !== off.instructions || jit.cycles !== off.cycles)
		throw new Error(
			`${name} under the translator: ${jit.why}, ${jit.instructions}, ${jit.cycles} cycles`
		);

	const m = machineFor(name);
	let retired = 0;
	let mix = 0;
	m.onRetire = (pc, bits, rd, value) => {
		retired++;
		mix = (mix + (pc ^ bits ^ rd ^ value)) | 0;
	};
	const on = timed(m, SUBSCRIBED_SLICE);
	if (retired !== on.instructions) throw new Error(`subscriber saw ${retired} of ${on.instructions}`);
	rows.push([
		name,
		String(off.instructions),
		mips(off, off.seconds),
		mips(off, off.cpuSeconds),
		mips(jit, jit.seconds),
		mips(jit, jit.cpuSeconds),
		`${(off.cpuSeconds / jit.cpuSeconds).toFixed(2)}x`,
		mips(on, on.seconds),
		mips(on, on.cpuSeconds)
	]);
	void mix;
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
console.log(
	"MIPS = instructions / wall-clock second; MIPS/cpu = per second of this process's CPU time;\n" +
		'jit/interp = the ratio of CPU times (both engines end at the same instruction and cycle).\n' +
		`Subscribed: the first ${SUBSCRIBED_SLICE / 1e6}M instructions with an onRetire hook.`
);

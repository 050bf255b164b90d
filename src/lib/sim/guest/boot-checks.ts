/**
 * What the teaching kernel must print for each set of boot programs, as data, so that every
 * machine that boots it is held to the same expectations: QEMU in test/unit/guest-qemu.test.ts,
 * and vmscope's own bare machine and VMs once they boot S-mode kernels.
 *
 * Only what does not depend on timing is checked: tick numbers and spin's counters differ
 * between machines (and on QEMU between runs, unless it counts instructions with -icount).
 */

export interface BootSummary {
	ticks: number;
	started: number;
	killed: number;
	faults: number;
	free: number;
}

export interface BootCheck {
	/** What this boot shows, as a test title. */
	readonly title: string;
	/** The boot_programs list (see boot-programs.ts). */
	readonly programs: readonly string[];
	/** Whole lines that must appear. */
	readonly lines?: readonly string[];
	/** Patterns each of which must match some line. */
	readonly patterns?: readonly RegExp[];
	/** Text that must appear nowhere. */
	readonly absent?: readonly string[];
	/** How many lines start with each prefix. */
	readonly counts?: Readonly<Record<string, number>>;
	/** [a, b]: the first line starting with a comes before the first line starting with b. */
	readonly order?: readonly (readonly [string, string])[];
	/** The closing summary's numbers, or 'panic' if the kernel must panic instead. */
	readonly end: Partial<BootSummary> | 'panic';
}

const SUMMARY =
	/^\[kernel\] all processes exited after (\d+) ticks: (\d+) started, (\d+) killed, (\d+) page faults served, (\d+) pages free\. shutting down\.$/;
const FREE_AT_BOOT = /^\[kernel\] paging on \(satp 0x[0-9a-f]{8}\), (\d+) free pages of 4 KiB$/;
const PANIC = /^\[kernel\] PANIC: /;

/** The console output as lines, without the empty line the banner starts with. */
export function transcriptLines(out: string): string[] {
	return out
		.replace(/\r\n/g, '\n')
		.split('\n')
		.filter((l) => l !== '');
}

/**
 * Lines with the numbers that depend on timing blanked (ticks, spin's counter), sorted: what two runs
 * of the same image must both print, whatever their clocks (QEMU and vmscope, bare and in a VM).
 */
export function comparable(out: string): string[] {
	return transcriptLines(out)
		.map((l) =>
			l
				.replace(/tick \d+/g, 'tick N')
				.replace(/counter \d+/g, 'counter N')
				.replace(/slept \d+ ticks/, 'slept N ticks')
				.replace(/after \d+ ticks/, 'after N ticks')
		)
		.sort();
}

/** The summary line's numbers, if the transcript ends with one. */
export function parseSummary(out: string): BootSummary | undefined {
	const m = SUMMARY.exec(transcriptLines(out).at(-1) ?? '');
	if (!m) return undefined;
	const [ticks, started, killed, faults, free] = m.slice(1).map(Number);
	return { ticks, started, killed, faults, free };
}

/**
 * Every way `out` falls short of `check`, in words (empty: it passes). Beyond the check's own
 * items: the banner must be there, and a run that ends normally must have given back every
 * page it took (free pages at the end = free pages at boot).
 */
export function checkBoot(check: BootCheck, out: string): string[] {
	const problems: string[] = [];
	const lines = transcriptLines(out);
	const first = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
	if (!lines[0]?.startsWith('vmscope teaching kernel: RV32 S-mode, Sv32, hart '))
		problems.push(`no banner (first line: ${JSON.stringify(lines[0])})`);
	for (const l of check.lines ?? []) if (!lines.includes(l)) problems.push(`missing line: ${l}`);
	for (const p of check.patterns ?? [])
		if (!lines.some((l) => p.test(l))) problems.push(`no line matches ${p}`);
	for (const a of check.absent ?? []) if (out.includes(a)) problems.push(`must not appear: ${a}`);
	for (const [prefix, n] of Object.entries(check.counts ?? {})) {
		const got = lines.filter((l) => l.startsWith(prefix)).length;
		if (got !== n) problems.push(`${got} lines start with "${prefix}", expected ${n}`);
	}
	for (const [a, b] of check.order ?? []) {
		const ia = first(a);
		const ib = first(b);
		const where = (i: number) => (i < 0 ? 'missing' : `line ${i + 1}`);
		if (ia < 0 || ib < 0 || ia > ib)
			problems.push(`"${a}" (${where(ia)}) must come before "${b}" (${where(ib)})`);
	}
	if (check.end === 'panic') {
		if (!PANIC.test(lines.at(-1) ?? '')) problems.push(`the last line is not a panic: ${lines.at(-1)}`);
		return problems;
	}
	const summary = parseSummary(out);
	if (!summary) return [...problems, `no summary line at the end (last line: ${lines.at(-1)})`];
	for (const [key, want] of Object.entries(check.end) as [keyof BootSummary, number][])
		if (summary[key] !== want) problems.push(`summary: ${summary[key]} ${key}, expected ${want}`);
	const freeAtBoot = Number(lines.map((l) => FREE_AT_BOOT.exec(l)?.[1]).find((n) => n !== undefined));
	if (summary.free !== freeAtBoot)
		problems.push(`${summary.free} pages free at the end, ${freeAtBoot} at boot`);
	return problems;
}

const FAULTY_KILLED = (pid: number) =>
	new RegExp(
		`^\\[kernel\\] pid ${pid} \\(faulty\\) killed: load page fault \\(scause 13\\) at sepc 0x000[0-9a-f]{5}, stval 0x00000000$`
	);

/** The boots every machine that runs the kernel should reproduce. */
export const BOOT_CHECKS: readonly BootCheck[] = [
	{
		title: 'default set: every program, then the summary',
		programs: ['hello', 'sleeper', 'spin', 'memtouch', 'faulty'],
		lines: [
			'[kernel] boot programs: hello sleeper spin memtouch faulty',
			'memtouch: touched 16 pages, contents ok'
		],
		patterns: [/^hello: hello, world! I am pid 1, running since tick \d+$/, FAULTY_KILLED(5)],
		counts: { 'sleeper: woke': 3, 'spin: pid 3 round': 5 },
		end: { started: 5, killed: 1, faults: 16 }
	},
	{
		title: 'hello prints and exits with status 0',
		programs: ['hello'],
		lines: ['[kernel] start pid 1: hello (2 pages)', '[kernel] pid 1 (hello) exited with status 0'],
		patterns: [/^hello: hello, world! I am pid 1, running since tick \d+$/],
		end: { started: 1, killed: 0, faults: 0 }
	},
	{
		title: 'yield: two hellos both print before either exits',
		programs: ['hello', 'hello'],
		order: [['hello: hello, world! I am pid 2', '[kernel] pid 1 (hello) exited']],
		end: { started: 2, killed: 0 }
	},
	{
		title: 'faulty: a bad system call gets -1, the null load kills it, the kernel goes on',
		programs: ['faulty', 'hello'],
		lines: [
			'[kernel] pid 1 (faulty): unknown system call 99, returning -1',
			'faulty: system call 99 returned -1',
			'faulty: now dereferencing a null pointer'
		],
		patterns: [FAULTY_KILLED(1), /^hello: hello, world! I am pid 2,/],
		absent: ['still alive', 'PANIC'],
		end: { started: 2, killed: 1 }
	},
	{
		title: 'sleeper sleeps 5 ticks three times and wakes each time',
		programs: ['sleeper'],
		counts: { 'sleeper: pid 1 going to sleep for 5 ticks': 3, 'sleeper: woke at tick': 3 },
		// "slept N ticks" with N >= 5
		patterns: [/^sleeper: woke at tick \d+, slept ([5-9]|\d\d+) ticks$/],
		absent: ['slept 0 ', 'slept 1 ', 'slept 2 ', 'slept 3 ', 'slept 4 '],
		end: { started: 1, killed: 0 }
	},
	{
		title: 'two spins share the CPU: the timer preempts each for the other',
		programs: ['spin', 'spin'],
		counts: { 'spin: pid 1 round': 5, 'spin: pid 2 round': 5 },
		// Without preemption pid 1 would finish every round before pid 2 printed anything.
		order: [['spin: pid 2 round 1/5', 'spin: pid 1 round 5/5']],
		end: { started: 2, killed: 0 }
	},
	{
		title: 'memtouch: 16 heap pages, each brought in by one demand-zero page fault',
		programs: ['memtouch'],
		lines: ['memtouch: touched 16 pages, contents ok', '[kernel] pid 1 (memtouch) exited with status 0'],
		patterns: [/^memtouch: heap grown by 16 pages at 0x000[0-9a-f]{5}$/],
		end: { started: 1, faults: 16 }
	},
	{
		title: 'parent spawns children and waits for each; a killed child reports status -1',
		programs: ['parent'],
		lines: [
			'parent: spawn("hello") = 2',
			'parent: spawn("faulty") = 3',
			'parent: spawn("nosuch") = -1',
			'parent: child 2 exited with status 0',
			'parent: child 3 exited with status -1'
		],
		patterns: [FAULTY_KILLED(3)],
		counts: { 'parent: child ': 2 },
		order: [['[kernel] pid 3 (faulty) killed', 'parent: no children left']],
		end: { started: 3, killed: 1 }
	},
	{
		title: 'an unknown name is reported and skipped',
		programs: ['nosuch', 'hello'],
		lines: ["[kernel] cannot start 'nosuch': no such program, or out of memory"],
		end: { started: 1 }
	},
	{
		title: 'an empty list shuts down at once',
		programs: [],
		lines: ['[kernel] boot programs:'],
		end: { started: 0, killed: 0, faults: 0 }
	},
	{
		title: 'a kernel fault panics with cause, epc and tval',
		programs: ['kernel-fault', 'hello'],
		patterns: [
			/^\[kernel\] PANIC: kernel trap: load page fault \(scause 13\) at sepc 0x802[0-9a-f]{5}, stval 0x00000010$/
		],
		absent: ['hello: hello'],
		end: 'panic'
	}
];

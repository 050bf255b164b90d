/**
 * `vmscope run scenario.yaml`: every VM of a scenario on one host. Each line a VM prints goes to
 * standard output as `[name] line`, a line at a time, so stripping the prefix gives what the same image
 * prints on the bare machine. Exit codes (fixed: other tools read them): 0 when every VM shut down
 * normally, 1 when any crashed or shut down with a failure (named on standard error), 124 when
 * --max-instructions (summed over harts) ran out, 2 for a bad scenario or option.
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT_REASONS } from '../hv/costs';
import { buildHost, HostError, type Host } from '../hv/host';
import { observeSchedule } from '../hv/sched/observe';
import { eventKinds, layerOf, type EventKind } from '../trace/events';
import { parseScenario, ScenarioError, type Scenario } from '../scenario';
import { bareBaseline, type Baseline } from './scenario-baseline';
import { reportJson, reportTable } from './sched-report';
import { diskReport, diskReportTable } from '../hv/io/disk-report';
import { switchReport, switchReportTable } from '../hv/net/switch-report';
import { PcapCapture } from './pcap-files';
import { CliTrace, extractTraceOptions } from './trace';
import { Output, readFile, Sink } from './run';

export const SCENARIO_USAGE = `usage: vmscope run SCENARIO.yaml [options]
  --max-instructions N    stop after N guest and host steps, summed over harts (exit 124)
  --stats                 per VM: instructions in vU and vS, exits by reason, hypervisor
                          cycles, and the slowdown against the same image run bare
  --trace-out FILE        the hypervisor's events too (with --trace-format chrome, a track per VM)
  --report                after the run, per VM: run, steal and blocked cycles, share of the
                          host's pCPU time against its entitlement, wake-up latency, switches;
                          per pCPU utilisation and the fairness index
  --report-json FILE      the same report as JSON
                          (with host disks: a table per physical disk, blocks owned by each VM,
                          shared and free, and per VM its requests, bytes and latency; JSON: io;
                          with NICs: the switch's ports, frames, bytes and drops, and its MAC
                          table; JSON: net)
  --pcap DIR              write one pcap file per switch port (DIR/PORT.pcap: frames the port
                          sent into the switch and frames delivered to it; Wireshark reads them)`;

interface ScenarioOptions {
	file: string;
	maxInstructions: number;
	stats: boolean;
	report: boolean;
	reportJson?: string;
	pcap?: string;
}

function parseOptions(argv: readonly string[]): ScenarioOptions | string {
	let file: string | undefined;
	let maxInstructions = Infinity;
	let stats = false;
	let report = false;
	let reportJson: string | undefined;
	let pcap: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--stats') stats = true;
		else if (a === '--report') report = true;
		else if (a === '--report-json' || a.startsWith('--report-json=')) {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (v === undefined || v === '' || (v.startsWith('-') && !a.includes('=')))
				return '--report-json expects a file name';
			reportJson = v;
		} else if (a === '--pcap' || a.startsWith('--pcap=')) {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (v === undefined || v === '' || (v.startsWith('-') && !a.includes('=')))
				return '--pcap expects a directory';
			pcap = v;
		} else if (a === '--max-instructions' || a.startsWith('--max-instructions=')) {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1)
				return `--max-instructions expects a positive whole number, got ${v ?? 'nothing'}`;
			maxInstructions = Number(v);
		} else if (a.startsWith('-')) return `unknown option ${a} for a scenario`;
		else if (file === undefined) file = a;
		else return `one scenario at a time (got ${file} and ${a})`;
	}
	if (file === undefined) return 'no scenario file';
	return { file, maxInstructions, stats, report, reportJson, pcap };
}

export async function runScenario(argv: string[]): Promise<number> {
	const output = new Output();
	const out = new Sink(output, 0);
	const err = new Sink(output, 1);
	const traced = extractTraceOptions(argv);
	if (typeof traced === 'string') return usage(err, traced);
	const opts = parseOptions(traced.argv);
	if (typeof opts === 'string') return usage(err, opts);
	const text = readFile(opts.file, err);
	if (!text) return 2;
	let scenario: Scenario;
	try {
		scenario = parseScenario(new TextDecoder().decode(text), {
			baseDir: dirname(opts.file),
			source: opts.file
		});
	} catch (e) {
		if (!(e instanceof ScenarioError)) throw e;
		err.text(
			`vmscope run: ${opts.file}:\n${e.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`
		);
		return 2;
	}
	const images = new Map<string, Uint8Array>();
	for (const [i, vm] of scenario.vms.entries()) {
		if (images.has(vm.image)) continue;
		const bytes = readFile(vm.image, err);
		if (!bytes) {
			err.text(`vmscope run: ${opts.file}: vms[${i}].image names a file that cannot be read\n`);
			return 2;
		}
		images.set(vm.image, bytes);
		for (const [j, d] of (vm.disks ?? []).entries()) {
			if (d.base === undefined || images.has(d.base)) continue;
			const base = readFile(d.base, err);
			if (!base) {
				err.text(
					`vmscope run: ${opts.file}: vms[${i}].disks[${j}].base names a file that cannot be read\n`
				);
				return 2;
			}
			images.set(d.base, base);
		}
	}
	const lines = scenario.vms.map(() => [] as number[]);
	const prefixed = (vm: number) => {
		out.write(`[${scenario.vms[vm].name}] `);
		for (const b of lines[vm]) out.byte(b);
		out.byte(10);
		lines[vm] = [];
	};
	let host: Host;
	try {
		host = buildHost(scenario, images, (vm, b) => (b === 10 ? prefixed(vm) : lines[vm].push(b)));
	} catch (e) {
		if (!(e instanceof HostError)) throw e;
		err.text(`vmscope run: ${opts.file}: ${e.message}\n`);
		return 2;
	}
	const { machine, hv } = host;
	let trace: CliTrace | undefined;
	if (traced.options) {
		const o = traced.options;
		if (o.snapshotAt !== undefined || o.restore !== undefined)
			return usage(
				err,
				'--snapshot-at and --restore do not take a scenario yet (the session steps back across VMs)'
			);
		if (!o.kindsGiven) o.traceKinds = hypervisorKinds();
		o.vmNames = scenario.vms.map((v) => v.name);
		trace = new CliTrace(machine, o);
		const problem = trace.start();
		if (problem) return usage(err, problem);
	}
	const watch = opts.report || opts.reportJson !== undefined ? observeSchedule(hv) : undefined;
	const pcap = opts.pcap === undefined ? undefined : new PcapCapture(hv, opts.pcap, machine.cpuHz);
	let left = opts.maxInstructions;
	let why = machine.run(0);
	while (left > 0) {
		const before = steps(host);
		why = machine.run(Math.min(left, 20_000_000));
		left -= steps(host) - before;
		out.flush();
		if (why.kind !== 'budget') break;
	}
	for (let vm = 0; vm < lines.length; vm++) if (lines[vm].length > 0) prefixed(vm);
	trace?.finish();
	const pcapProblem = pcap?.write();
	if (pcapProblem) {
		err.text(`vmscope run: ${pcapProblem}\n`);
		return 2;
	}
	out.flush();
	if (opts.stats) printStats(host, scenario, images, err);
	if (watch) {
		const report = watch.report();
		watch.stop();
		const disks = hv.s.disks.io.disks.length > 0 ? diskReport(hv) : undefined;
		const net = hv.net.used ? switchReport(hv.s.net.switch, machine.cycles) : undefined;
		if (opts.report)
			out.text(
				reportTable(report, hv.s.sched) +
					(disks ? diskReportTable(disks) : '') +
					(net ? switchReportTable(net) : '')
			);
		if (opts.reportJson !== undefined) {
			try {
				writeFileSync(
					opts.reportJson,
					JSON.stringify(
						{
							...reportJson(report, hv.s.sched),
							...(disks && { io: disks }),
							...(net && { net })
						},
						null,
						2
					) + '\n'
				);
			} catch (e) {
				err.text(
					`vmscope run: cannot write ${opts.reportJson}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`
				);
				return 2;
			}
		}
	}
	let failed = false;
	for (const vm of hv.vmList) {
		const s = vm.s;
		if (s.status === 'crashed') err.text(`vmscope run: ${s.name} crashed: ${s.reason}\n`);
		else if (s.status === 'shut-down' && (s.exitCode ?? 0) !== 0)
			err.text(
				`vmscope run: ${s.name} shut down with a failure (${s.reason ?? `exit code ${s.exitCode}`})\n`
			);
		else continue;
		failed = true;
	}
	if (why.kind === 'idle' && !failed) {
		const stuck = hv.vmList.filter((v) => v.s.status === 'paused' || v.s.status === 'running');
		err.text(
			`vmscope run: nothing can run on: ${stuck.map((v) => v.name).join(', ') || 'no VM'} ${stuck.length === 1 ? 'waits' : 'wait'} for what will not come\n` +
				stuck
					.filter((v) => v.s.status === 'paused')
					.map((v) => `vmscope run: ${v.name} is paused${v.s.reason ? `: ${v.s.reason}` : ''}\n`)
					.join('')
		);
		return 1;
	}
	if (why.kind === 'budget' && !failed) {
		const running = hv.vmList.filter((v) => v.s.status === 'running').map((v) => v.name);
		const paused = hv.vmList.filter((v) => v.s.status === 'paused');
		err.text(
			`vmscope run: stopped after ${steps(host)} steps (--max-instructions)` +
				(running.length > 0 ? `; still running: ${running.join(', ')}` : '') +
				'\n' +
				paused
					.map((v) => `vmscope run: ${v.name} is paused${v.s.reason ? `: ${v.s.reason}` : ''}\n`)
					.join('')
		);
		return 124;
	}
	return failed ? 1 : 0;
}

function usage(err: Sink, message: string): number {
	err.text(`vmscope run: ${message}\n${SCENARIO_USAGE}\n`);
	return 2;
}

/** Steps the budget counts: instructions retired and traps taken, on every hart. */
function steps(host: Host): number {
	return host.machine.harts.reduce((n, h) => n + h.instret + h.traps, 0);
}

function hypervisorKinds(): EventKind[] {
	return eventKinds().filter((k) => layerOf(k) === 'hypervisor' || k === 'firmware-call');
}

function printStats(host: Host, scenario: Scenario, images: Map<string, Uint8Array>, err: Sink): void {
	const baselines = new Map<string, Baseline>();
	for (const [i, vm] of host.hv.vmList.entries()) {
		const spec = scenario.vms[i];
		const c = vm.s.counters;
		const guest = c.instructionsU + c.instructionsS;
		const cycles = vm.s.vcpus.reduce((n, v) => n + v.cycles, 0);
		const key = `${spec.image}\0${(spec.programs ?? []).join(' ')}\0${spec.memory}`;
		if (!baselines.has(key)) baselines.set(key, bareBaseline(images.get(spec.image)!, spec, guest));
		const bare = baselines.get(key)!;
		const exits = EXIT_REASONS.reduce((n, r) => n + c.exits[r], 0);
		const perMillion = guest > 0 ? (exits / guest) * 1e6 : 0;
		const slowdown =
			bare.cyclesPerInstruction > 0 && guest > 0 ? cycles / guest / bare.cyclesPerInstruction : 0;
		err.text(
			`[${vm.name}] instructions vU ${c.instructionsU}, vS ${c.instructionsS}; ` +
				`exits ${exits} (${perMillion.toFixed(0)} per million): ` +
				EXIT_REASONS.filter((r) => c.exits[r] > 0)
					.map((r) => `${r} ${c.exits[r]}`)
					.join(', ') +
				`; hypervisor cycles ${c.hvCycles} of ${cycles}; slowdown ${slowdown.toFixed(2)}x against bare ` +
				`(${bare.cyclesPerInstruction.toFixed(3)} cycles per instruction bare)\n`
		);
	}
	const m = host.machine;
	err.text(`host: ${m.harts.length} harts, ${m.instret} instructions, ${m.cycles} cycles\n`);
}

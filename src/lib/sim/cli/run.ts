/**
 * `vmscope run FILE`: load an ELF (or assemble a .s file), run it on the virt machine (bare, or an
 * S-mode kernel under the SBI firmware), feed stdin to the UART, copy the console to stdout, and exit
 * with the guest's code (test finisher, HTIF or SBI system_reset).
 * Exit codes: guest's code; 124 instruction budget reached; 2 bad file or option; 1 guest stuck;
 * 130 interrupted (Ctrl-C at a terminal).
 */
import { readFileSync, writeSync } from 'node:fs';
import { sbiCallName } from '../firmware/sbi-ids';
import { causeName } from '../hart/causes';
import { assemble, formatError } from '../isa/asm/index';
import { Disassembler } from '../isa/disasm';
import { ElfError, loadElf } from '../isa/elf';
import { symbolAt, type Program } from '../isa/program';
import { applyBoot, BootError, planBoot } from '../machine/boot-images';
import { virtDtb } from '../machine/device-tree';
import { openDisks } from './disk-files';
import { Machine } from '../machine/machine';
import { VIRT_MAP } from '../machine/virt';
import type { StopReason } from '../machine/stop';
import { formatWalkRecord } from '../mmu/walk-record';
import { isBuiltIn, parseRunOptions, RUN_USAGE, type RunOptions } from './options';
import { CliTrace, extractTraceOptions, runToSnapshot, TRACE_USAGE } from './trace';

/**
 * Buffered writes to stdout and stderr that keep their relative order: switching streams flushes
 * the other one first, so a terminal shows trace lines and guest output interleaved as they happened.
 */
export class Output {
	private readonly buf = [new Uint8Array(1 << 16), new Uint8Array(1 << 16)];
	private readonly n = [0, 0];
	private last = 0;
	private readonly encoder = new TextEncoder();

	byte(stream: 0 | 1, b: number): void {
		if (this.last !== stream) this.switchTo(stream);
		if (this.n[stream] === this.buf[stream].length) this.flushOne(stream);
		this.buf[stream][this.n[stream]++] = b;
	}

	text(stream: 0 | 1, s: string): void {
		if (this.last !== stream) this.switchTo(stream);
		const bytes = this.encoder.encode(s);
		if (this.n[stream] + bytes.length > this.buf[stream].length) this.flushOne(stream);
		if (bytes.length > this.buf[stream].length) return void writeAll(stream + 1, bytes, bytes.length);
		this.buf[stream].set(bytes, this.n[stream]);
		this.n[stream] += bytes.length;
	}

	flush(): void {
		this.flushOne(this.last === 0 ? 1 : 0);
		this.flushOne(this.last);
	}

	private switchTo(stream: 0 | 1): void {
		this.flushOne(this.last);
		this.last = stream;
	}

	private flushOne(stream: number): void {
		writeAll(stream + 1, this.buf[stream], this.n[stream]);
		this.n[stream] = 0;
	}
}

/** A pipe that is full (EAGAIN on a non-blocking descriptor) is waited for, 1 ms at a time. */
const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, bytes: Uint8Array, length: number): void {
	let off = 0;
	while (off < length) {
		try {
			off += writeSync(fd, bytes, off, length - off);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
			Atomics.wait(pause, 0, 0, 1);
		}
	}
}

/** The two streams as the rest of this file uses them. */
export class Sink {
	constructor(
		private readonly output: Output,
		private readonly stream: 0 | 1
	) {}
	byte(b: number): void {
		this.output.byte(this.stream, b);
	}
	/** Buffered text (trace lines). */
	write(s: string): void {
		this.output.text(this.stream, s);
	}
	/** Text that must appear now (messages). */
	text(s: string): void {
		this.output.text(this.stream, s);
		this.output.flush();
	}
	flush(): void {
		this.output.flush();
	}
}

/** What boots: the program the traces name symbols from, the firmware mode, and how to load it. */
interface Start {
	program: Program;
	firmware: 'none' | 'sbi' | 'auto';
	load(m: Machine): void;
}

export function readFile(path: string, err: Sink): Uint8Array | undefined {
	try {
		return new Uint8Array(readFileSync(path));
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		err.text(`vmscope run: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? e)}\n`);
		return undefined;
	}
}

function readProgram(opts: RunOptions, file: string, err: Sink): Start | undefined {
	const bytes = readFile(file, err);
	if (!bytes) return undefined;
	const start = (program: Program): Start => ({
		program,
		firmware: opts.firmware,
		load: (m) => m.load(program)
	});
	const isElf =
		bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
	if (!isElf && /\.(s|S|asm)$/.test(file)) {
		const { program, errors } = assemble(new TextDecoder().decode(bytes), { file });
		if (errors.length === 0) return start(program);
		for (const e of errors) err.text(`${formatError(e)}\n`);
		return undefined;
	}
	try {
		return start(loadElf(bytes, { ramSize: opts.ramMiB * 1024 * 1024 }));
	} catch (e) {
		if (!(e instanceof ElfError)) throw e;
		err.text(`vmscope run: ${file}: ${e.message}\n`);
		return undefined;
	}
}

/** --bios/--kernel/--initrd/--dtb/--append: plan the boot as QEMU virt lays it out. */
function planImages(opts: RunOptions, err: Sink): Start | undefined {
	const read = (path: string | undefined) => (path === undefined ? undefined : readFile(path, err));
	const bios = opts.bios === undefined || isBuiltIn(opts.bios) ? (opts.bios ?? 'sbi') : read(opts.bios);
	const kernel = read(opts.kernel);
	const initrd = read(opts.initrd);
	const dtb = read(opts.dtb);
	if (
		bios === undefined ||
		(opts.kernel !== undefined && !kernel) ||
		(opts.initrd !== undefined && !initrd) ||
		(opts.dtb !== undefined && !dtb)
	)
		return undefined;
	const ram = { base: VIRT_MAP.dram.base, bytes: opts.ramMiB * 1024 * 1024 };
	const tree = (initrdAt?: { start: number; end: number }) => dtb ?? generatedTree(opts, ram, initrdAt);
	try {
		const plan = planBoot({ bios, kernel, initrd, dtb }, ram, tree(undefined)?.length ?? 0);
		return {
			program: plan.program,
			firmware: plan.firmware,
			load: (m) => applyBoot(m, plan, tree(plan.initrd))
		};
	} catch (e) {
		if (!(e instanceof BootError)) throw e;
		err.text(`vmscope run: ${e.message}\n`);
		return undefined;
	}
}

/** The machine's own device tree for this boot (the command line and the initrd in /chosen). */
export function generatedTree(
	opts: RunOptions,
	ram: { base: number; bytes: number },
	initrd: { start: number; end: number } | undefined
): Uint8Array {
	const virtio = opts.disks.some((d) => d.bus !== 'pio') || opts.nics.length > 0;
	const pioDisk = opts.disks.some((d) => d.bus === 'pio');
	return virtDtb({
		harts: opts.harts,
		ramBytes: ram.bytes,
		bootargs: opts.append,
		initrd,
		virtio,
		pioDisk
	});
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export async function runCommand(argv: string[]): Promise<number> {
	if (argv.some((a) => /\.ya?ml$/.test(a) && !a.startsWith('-')))
		return (await import('./run-scenario')).runScenario(argv);
	const output = new Output();
	const out = new Sink(output, 0);
	const err = new Sink(output, 1);
	if (argv.includes('--help') || argv.includes('-h')) {
		out.text(`${RUN_USAGE}\n${TRACE_USAGE}\n`);
		return 0;
	}
	const traced = extractTraceOptions(argv);
	if (typeof traced === 'string') {
		err.text(`vmscope run: ${traced}\n${RUN_USAGE}\n`);
		return 2;
	}
	const opts = parseRunOptions(traced.argv);
	if (typeof opts === 'string') {
		err.text(`vmscope run: ${opts}\n${RUN_USAGE}\n`);
		return 2;
	}
	const start = opts.file !== undefined ? readProgram(opts, opts.file, err) : planImages(opts, err);
	if (!start) return 2;
	const program = start.program;
	const disks = openDisks(opts.disks);
	if (typeof disks === 'string') {
		err.text(`vmscope run: ${disks}\n`);
		return 2;
	}
	const machine = new Machine({
		disks: disks.specs,
		nics: opts.nics,
		ramMiB: opts.ramMiB,
		htif: opts.htif,
		misaligned: opts.misaligned,
		engine: opts.engine,
		harts: opts.harts,
		firmware: start.firmware,
		consoleOut: (b) => out.byte(b),
		consoleErr: (b) => err.byte(b)
	});
	disks.attach(machine);
	try {
		start.load(machine);
	} catch (e) {
		err.text(`vmscope run: ${opts.file ?? 'boot'}: ${(e as Error).message}\n`);
		return 2;
	}
	const trace = traced.options && new CliTrace(machine, traced.options);
	const problem = trace?.start();
	if (problem) {
		err.text(`vmscope run: ${problem}\n`);
		return 2;
	}
	// The text traces are observers beside the event trace (--trace-out): neither replaces the other.
	if (opts.trace)
		for (const hart of machine.harts) {
			const core = `core ${String(hart.hartId).padStart(3)}:`;
			hart.hooks.retire.add(traceWriter(program, err, core));
			hart.hooks.trap.add((cause, tval, epc) => {
				const what = cause >>> 31 ? 'interrupt' : 'exception';
				err.write(`${core} ${what} ${causeName(cause)}, epc ${hex(epc)}, tval ${hex(tval)}\n`);
			});
		}
	if (opts.trace)
		machine.sbi.hooks.call.add(({ hart, eid, fid, args, error, value }) => {
			const a = args.map((v) => hex(v)).join(', ');
			const core = `core ${String(hart).padStart(3)}:`;
			err.write(`${core} sbi ${sbiCallName(eid, fid)}(${a}) -> error ${error}, value ${hex(value)}\n`);
		});
	if (opts.memTrace)
		machine.hooks.walk.add((hart, record) =>
			err.write(`core ${String(hart).padStart(3)}: walk ${formatWalkRecord(record)}\n`)
		);
	const input = connectStdin(machine);

	const started = performance.now();
	let left = opts.maxInstructions;
	let why: StopReason = { kind: 'budget' };
	if (trace) [why, left] = runToSnapshot(trace, machine, left, (p) => err.text(`vmscope run: ${p}\n`));
	// Run in slices so console output appears while a long program runs.
	// At a terminal the slices are short and each ends by letting typed keys arrive.
	const sliceSize = input.live ? 200_000 : 50_000_000;
	while (left > 0) {
		const before = machine.instret + trapsOf(machine);
		why = machine.run(Math.min(left, sliceSize));
		left -= machine.instret + trapsOf(machine) - before;
		out.flush();
		if (why.kind !== 'budget') break;
		if (input.live) await input.poll();
		if (input.interrupted) break;
	}
	input.close();
	disks.close();
	trace?.finish();
	const seconds = (performance.now() - started) / 1000;
	out.flush();
	err.flush();
	if (opts.stats) {
		const n = machine.instret;
		const mips = n / seconds / 1e6;
		err.text(
			`instructions: ${n}\ncycles: ${machine.cycles}\nwall time: ${seconds.toFixed(3)} s\nMIPS: ${mips.toFixed(1)}\n`
		);
		for (const link of machine.nets) {
			const c = link.counters();
			err.text(
				`${link.name} (${link.mac}): ${c.sent} frames sent, ${c.delivered} delivered, ${c.dropped} dropped\n`
			);
		}
	}
	if (input.interrupted) {
		err.text('\nvmscope run: interrupted\n');
		return 130;
	}
	return exitCode(why, machine, err);
}

/** Standard input feeding the UART: read whole when piped; key by key (raw) at a terminal. */
interface Input {
	/** Keys arrive while the guest runs (a terminal). */
	readonly live: boolean;
	/** Ctrl-C was typed. */
	readonly interrupted: boolean;
	/** Let pending key events be delivered. */
	poll(): Promise<void>;
	close(): void;
}

function connectStdin(machine: Machine): Input {
	const stdin = process.stdin;
	if (!stdin.isTTY) {
		let bytes: Buffer = Buffer.alloc(0);
		try {
			bytes = readFileSync(0); // all of it, to EOF
		} catch {
			// No readable stdin (closed, or a non-blocking descriptor with nothing in it): no input.
		}
		machine.uart.feed(bytes);
		return { live: false, interrupted: false, poll: async () => {}, close: () => {} };
	}
	const state = { interrupted: false };
	const onData = (chunk: Buffer) => {
		const cut = chunk.indexOf(0x03); // Ctrl-C: raw mode delivers it as a byte, not a signal
		if (cut >= 0) state.interrupted = true;
		machine.uart.feed(cut >= 0 ? chunk.subarray(0, cut) : chunk);
	};
	stdin.setRawMode(true);
	stdin.on('data', onData);
	stdin.resume();
	return {
		live: true,
		get interrupted() {
			return state.interrupted;
		},
		poll: () => new Promise((resolve) => setImmediate(resolve)),
		close: () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
		}
	};
}

/** Steps that trapped rather than retired, so the budget counts both (as run() does). */
function trapsOf(m: Machine): number {
	return m.hart.traps;
}

function exitCode(why: StopReason, m: Machine, err: Sink): number {
	switch (why.kind) {
		case 'exited':
			if (why.by === 'htif' && why.code !== 0) err.text(`FAIL: test ${why.code}\n`);
			if (why.by === 'sbi' && why.code !== 0)
				err.text(`vmscope run: the guest shut down reporting a system failure\n`);
			return why.code & 0xff;
		case 'reset':
			return 0;
		case 'budget':
			err.text(
				`vmscope run: stopped after ${m.instret} instructions at pc ${hex(m.hart.pc)} (--max-instructions)\n`
			);
			return 124;
		case 'breakpoint':
			err.text(`vmscope run: breakpoint at ${hex(why.pc)} on hart ${why.hart}\n`);
			return 1;
		case 'halted':
			err.text('vmscope run: every hart is stopped (SBI hart_stop)\n');
			return 1;
		case 'idle':
			err.text(
				`vmscope run: idle: every hart waits for an interrupt that nothing will raise (pc ${hex(m.hart.pc)})\n`
			);
			return 1;
		case 'spin':
			err.text(
				`vmscope run: stuck: \`j .\` at ${hex(why.pc)} jumps to itself and no interrupt can end it\n`
			);
			return 1;
		case 'trap-loop':
			err.text(
				`vmscope run: stuck: ${causeName(why.cause)} at ${hex(why.pc)}, and the trap handler (mtvec) is that same address\n`
			);
			return 1;
	}
}

/** `core   0: 0x80000000 (0x00000297) auipc t0,0x0` then `  x5 0x80000000` when a register is written. */
function traceWriter(program: Program, err: Sink, core: string) {
	const names = (addr: number) => {
		const s = symbolAt(program, addr);
		return s ? (s.offset ? `${s.symbol.name}+0x${s.offset.toString(16)}` : s.symbol.name) : undefined;
	};
	const dis = new Disassembler({ symbolize: names });
	return (pc: number, bits: number, rd: number, value: number) => {
		const reg = rd !== 0 ? ` x${rd} ${hex(value)}` : '';
		err.write(`${core} ${hex(pc)} (${hex(bits)}) ${dis.disassemble(bits, pc)}${reg}\n`);
	};
}

/**
 * Helpers for the hart tests: put hand-encoded words at the start of RAM, set registers, run, and
 * look at the state. Words carry their assembly in a comment where the tests use them.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine, type Engine, type MachineOptions } from '../../src/lib/sim/machine/machine';

/**
 * VMSCOPE_ENGINE=jit runs every test built on `run` under the block translator (the default is the
 * interpreter): `VMSCOPE_ENGINE=jit npx vitest run test/unit/hart-*.test.ts`.
 */
const HARNESS_ENGINE: Engine | undefined = process.env.VMSCOPE_ENGINE === 'jit' ? 'jit' : undefined;

export const RAM = 0x8000_0000;
/** A data area well past the code. */
export const DATA = 0x8000_1000;
/** Where tests point mtvec so traps are easy to see (an `ebreak`-free region of zero words). */
export const HANDLER = 0x8000_0800;

export const a0 = 10;
export const a1 = 11;
export const a2 = 12;
export const ra = 1;

export interface Run {
	m: Machine;
	x: (r: number) => number;
	u: (r: number) => number;
}

/** Load words at RAM base, apply register values, set mtvec = HANDLER, run `steps` steps. */
export function run(
	words: number[],
	regs: Record<number, number> = {},
	steps = words.length,
	opts: MachineOptions = {},
	setup?: (m: Machine) => void
): Run {
	const m = new Machine({ ramMiB: 1, engine: HARNESS_ENGINE, ...opts });
	// Under the translator, translate every block at its first fetch: these programs are short.
	for (const h of m.harts) if (h.jit) h.jit.hot = 1;
	m.load({
		entry: RAM,
		segments: [{ addr: RAM, data: words32(words), memSize: 4 * words.length, flags: rwx }],
		symbols: [],
		lines: []
	});
	m.hart.mtvec = HANDLER;
	// As firmware would before dropping below M: tests that set hart.mode directly still fetch.
	m.hart.openPmp();
	for (const [r, v] of Object.entries(regs)) m.hart.x[Number(r)] = v;
	setup?.(m);
	m.run(steps);
	return { m, x: (r) => m.hart.x[r], u: (r) => m.hart.x[r] >>> 0 };
}

const rwx = { read: true, write: true, exec: true };

export function words32(words: number[]): Uint8Array {
	const out = new Uint8Array(words.length * 4);
	const v = new DataView(out.buffer);
	words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
	return out;
}

export function peek32(m: Machine, addr: number): number {
	return m.bus.read(addr, 4) >>> 0;
}

export function poke32(m: Machine, addr: number, value: number): void {
	m.bus.write(addr, 4, value);
}

/** The trap state after a run, for `expect(...).toEqual({ cause, tval, epc })`. */
export function trapOf(m: Machine) {
	return { cause: m.hart.mcause, tval: m.hart.mtval >>> 0, epc: m.hart.mepc >>> 0 };
}

/**
 * Run an ELF on qemu-system-riscv32 (virt, -bios none) and return its console output and exit status.
 * stdout goes to a file, not a pipe: QEMU makes its stdio non-blocking and drops console bytes when
 * a pipe is full, so piped output comes back truncated at random.
 */
export function runQemu(elf: string, extra: string[] = []): { stdout: string; status: number | null } {
	const dir = mkdtempSync(join(tmpdir(), 'vmscope-qemu-'));
	const file = join(dir, 'stdout');
	const fd = openSync(file, 'w');
	try {
		const r = spawnSync(
			'qemu-system-riscv32',
			['-machine', 'virt', '-bios', 'none', '-nographic', '-no-reboot', ...extra, '-kernel', elf],
			{ stdio: ['ignore', fd, 'pipe'], timeout: 30_000 }
		);
		return { stdout: readFileSync(file, 'latin1'), status: r.status };
	} finally {
		closeSync(fd);
		rmSync(dir, { recursive: true, force: true });
	}
}

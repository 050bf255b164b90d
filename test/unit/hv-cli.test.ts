/**
 * `vmscope run scenario.yaml`: each VM's lines prefixed with its name (stripping the prefix gives the
 * bare machine's output), and the exit codes other tools rely on: 0 all shut down normally, 1 a VM
 * crashed or failed (named on stderr), 124 the instruction budget ran out, 2 a malformed scenario
 * (the path and the problem, nothing run).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, KERNEL } from './scenario-cli';
import { comparable } from '../../src/lib/sim/guest/boot-checks';

const { tmp, vmscope, scenario } = cliScratch('vmscope-hvcli-');

const two = (extra = '') => `name: two kernels
host:
  harts: 2
  ram: 128 MiB
vms:
  - name: alpha
    image: ${KERNEL}
    memory: 32 MiB
  - name: beta
    image: ${KERNEL}
    memory: 16 MiB
    programs: [hello, faulty]
${extra}`;

/** The lines of one VM, prefix stripped. */
const linesOf = (stdout: string, vm: string) =>
	stdout
		.split('\n')
		.filter((l) => l.startsWith(`[${vm}] `))
		.map((l) => l.slice(vm.length + 3))
		.join('\n');

describe('vmscope run scenario.yaml', () => {
	it('prefixes each VM line with its name; stripped, each VM printed what the image prints bare', () => {
		const r = vmscope(scenario('two.yaml', two()), '--stats');
		expect(r.status, r.stderr).toBe(0);
		const bare = vmscope(KERNEL);
		expect(bare.status).toBe(0);
		expect(comparable(linesOf(r.stdout, 'alpha'))).toEqual(comparable(bare.stdout));
		expect(r.stdout.split('\n').filter((l) => l !== '' && !/^\[(alpha|beta)\] /.test(l))).toEqual([]);
		expect(linesOf(r.stdout, 'beta')).toContain('faulty: system call 99 returned -1');
		// --stats: per VM, instructions by virtual mode, exits by reason, hypervisor cycles, slowdown.
		expect(r.stderr).toMatch(
			/\[alpha\] instructions vU \d+, vS \d+; exits \d+ \(\d+ per million\): csr \d+/
		);
		expect(r.stderr).toMatch(/\[beta\] .*hypervisor cycles \d+ of \d+; slowdown \d+\.\d+x against bare/);
	});

	it('exits 124 when --max-instructions runs out, naming the VMs still running', () => {
		const r = vmscope(scenario('two.yaml', two()), '--max-instructions', '200000');
		expect(r.status).toBe(124);
		expect(r.stderr).toMatch(/still running: alpha, beta/);
	});

	it('exits 1 when a VM crashes, and says which and why; the other VM finishes', () => {
		const garbage = join(tmp, 'garbage.s');
		writeFileSync(garbage, '_start: csrw stvec, zero\n .word 0xffffffff\n');
		const asm = spawnSync(
			process.execPath,
			['bin/vmscope.js', 'asm', garbage, '-o', join(tmp, 'garbage.elf'), '--base', '0x80200000'],
			{ encoding: 'utf8' }
		);
		expect(asm.status, asm.stderr).toBe(0);
		const text = two().replace(
			`image: ${KERNEL}\n    memory: 16 MiB\n    programs: [hello, faulty]`,
			`image: garbage.elf\n    memory: 4 MiB`
		);
		const r = vmscope(scenario('crash.yaml', text));
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/beta crashed: trap loop/);
		expect(r.stdout).toMatch(/\[alpha\] \[kernel\] all processes exited/);
	});

	it('exits 2 for a malformed scenario, naming the field and the problem, and runs nothing', () => {
		const r = vmscope(scenario('bad.yaml', two().replace('memory: 16 MiB', 'memory: 6 KiB')));
		expect(r.status).toBe(2);
		expect(r.stderr).toContain('vms[1].memory: 6 KiB is not a multiple of 4 KiB');
		expect(r.stdout).toBe('');
		const missing = vmscope(
			scenario('missing.yaml', two().replace(KERNEL, 'nowhere.elf').replace(KERNEL, 'nowhere.elf'))
		);
		expect(missing.status).toBe(2);
		expect(missing.stderr).toMatch(/vms\[0\]\.image/);
	});
});

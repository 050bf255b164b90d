/**
 * `vmscope dtb [--harts N] [--ram MiB] [--append ARGS] [-o FILE]`: the machine's generated device tree
 * as a DTB blob, as QEMU's `-M virt,dumpdtb=FILE` writes its own (decode it with `dtc -I dtb -O dts`).
 */
import { writeFileSync, writeSync } from 'node:fs';
import { virtDtb } from '../machine/device-tree';

export const DTB_USAGE = `usage: vmscope dtb [--harts N] [--ram MiB] [--append ARGS] [-o FILE]
  The device tree vmscope passes in a1 when it boots a kernel, as a DTB (standard output unless -o).
  --harts N      harts, 1 to 8 (default 1)
  --ram MiB      RAM size in MiB (default 128)
  --append ARGS  the kernel command line, in /chosen bootargs`;

export async function dtbCommand(argv: string[]): Promise<number> {
	let harts = 1;
	let ramMiB = 128;
	let bootargs: string | undefined;
	let outFile: string | undefined;
	const fail = (msg: string) => {
		process.stderr.write(`vmscope dtb: ${msg}\n${DTB_USAGE}\n`);
		return 2;
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--help' || a === '-h') {
			process.stdout.write(`${DTB_USAGE}\n`);
			return 0;
		}
		const value = argv[i + 1];
		if (!['--harts', '--ram', '--append', '-o'].includes(a)) return fail(`unknown option '${a}'`);
		if (value === undefined) return fail(`${a} needs a value`);
		i++;
		if (a === '--harts') {
			harts = Number(value);
			if (!(Number.isInteger(harts) && harts >= 1 && harts <= 8))
				return fail(`--harts must be a whole number from 1 to 8, got '${value}'`);
		} else if (a === '--ram') {
			ramMiB = Number(value);
			// RAM ends below 4 GiB: DRAM starts at 2 GiB on virt.
			if (!(Number.isInteger(ramMiB) && ramMiB >= 1 && ramMiB <= 2048))
				return fail(`--ram must be a whole number of MiB from 1 to 2048, got '${value}'`);
		} else if (a === '--append') bootargs = value;
		else outFile = value;
	}
	const blob = virtDtb({ harts, ramBytes: ramMiB * 1024 * 1024, bootargs });
	if (outFile !== undefined) writeFileSync(outFile, blob);
	else writeSync(1, blob);
	return 0;
}

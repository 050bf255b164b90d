/** Option parsing for `vmscope run`: small, strict, and every mistake a one-line message. */
import { parseDiskArg, type DiskArg } from './disk-files';
import { parseNetArg } from './net-arg';
import { defaultMac, type NicSpec } from '../machine/net-slot';

export interface RunOptions {
	/** The program (FILE), or undefined when --kernel or --bios FILE names what boots. */
	readonly file: string | undefined;
	/** QEMU's boot options: firmware (a file, none, or vmscope's sbi), kernel, initrd, device tree, command line. */
	readonly bios: string | undefined;
	readonly kernel: string | undefined;
	readonly initrd: string | undefined;
	readonly dtb: string | undefined;
	readonly append: string | undefined;
	readonly ramMiB: number;
	readonly maxInstructions: number;
	readonly stats: boolean;
	readonly trace: boolean;
	readonly htif: 'auto' | 'off';
	readonly misaligned: 'emulate' | 'trap';
	/** How harts execute: the interpreter, or hot blocks translated to JavaScript (MachineOptions.engine). */
	readonly engine: 'interp' | 'jit';
	readonly harts: number;
	readonly firmware: 'none' | 'sbi' | 'auto';
	readonly memTrace: boolean;
	/** --disk, in order: one virtio-blk slot each. */
	readonly disks: readonly DiskArg[];
	/** --net, in order: one virtio-net each in the slots after the virtio disks. */
	readonly nics: readonly NicSpec[];
}

export const RUN_USAGE = `usage: vmscope run FILE [options]
       vmscope run --kernel IMAGE [--bios FILE|none|sbi] [--initrd FILE] [--dtb FILE] [--append ARGS]
  FILE                    a RISC-V ELF32 executable, or assembly source (.s/.S)
  --bios FILE|none|sbi    as QEMU: firmware at 0x80000000 (an ELF or a raw binary; it starts in
                          M-mode with a0 = hartid, a1 = the device tree, a2 = fw_dynamic_info),
                          none (the kernel starts in M-mode), or sbi: vmscope's own SBI (default
                          with --kernel; the kernel starts in S-mode with a0, a1 as above)
  --kernel IMAGE          an ELF, or a raw Image placed as QEMU virt does: after the firmware,
                          aligned to 4 MiB (0x80400000)
  --initrd FILE           an initial ramdisk, halfway into RAM (at most 128 MiB past the kernel)
  --dtb FILE              this device tree instead of the generated one
  --append ARGS           the kernel command line (/chosen bootargs)
  --ram MiB               RAM size (default 128)
  --harts N               number of harts, 1 to 8 (default 1); without firmware all start at
                          the entry, under the SBI the others wait for HSM hart_start
  --firmware none|sbi     what runs in M-mode: nothing (the program starts there, like QEMU
                          -bios none) or vmscope's SBI firmware (the program is an S-mode
                          kernel). Default: none for an entry at 0x80000000, sbi otherwise
  --max-instructions N    stop after N instructions (exit 124)
  --stats                 instructions, cycles, wall time and MIPS on stderr, and each
                          NIC's frames sent, delivered and dropped
  --trace                 one line per retired instruction on stderr (Spike style), with
                          traps and SBI calls
  --mem-trace             one line per page walk on stderr: each PTE read and the result
  --htif auto|off         Spike's tohost/fromhost interface (default auto)
  --disk FILE[,serial=S][,readonly][,if=virtio|pio]
                          a raw disk image as a virtio-blk device (repeatable: one virtio-mmio
                          slot each from 0x10001000), or with if=pio as the teaching PIO disk
                          (0x10009000, one at most); completed writes go to the file at once,
                          a completed flush also fsyncs it
                          A qcow2 image (vmscope disk create) is found by its magic: reads fall
                          through to its backing files, writes go into the image. ,model=hdd|ssd
                          times the disk as that drive (devices/media presets)
  --net user[,mac=M]      a virtio-net NIC (repeatable) in the next virtio-mmio slot after the
                          disks, cabled to a simulated outside network as QEMU's -netdev user
                          sees it: gateway 10.0.2.2 (ARP, ping, DHCP of 10.0.2.15, UDP echo on
                          port 7), DNS 10.0.2.3; MAC default 52:54:00:12:34:56 (then :57, ...)
  --misaligned emulate|trap
                          misaligned loads/stores: performed, as on QEMU virt (default), or
                          raising address-misaligned exceptions
  --engine interp|jit     how harts execute: the interpreter (default) or the block translator
                          (hot basic blocks compiled to JavaScript; the same results to the
                          instruction and the cycle, and it stands aside under --trace)
Standard input feeds the UART: piped input is read whole before the run; at a terminal each
key goes to the guest as typed (Ctrl-C ends the run).`;

/** Parse run's arguments; a string result is the error message. */
export function parseRunOptions(argv: readonly string[]): RunOptions | string {
	let file: string | undefined;
	const boot: Record<'bios' | 'kernel' | 'initrd' | 'dtb' | 'append', string | undefined> = {
		bios: undefined,
		kernel: undefined,
		initrd: undefined,
		dtb: undefined,
		append: undefined
	};
	let ramMiB = 128;
	let maxInstructions = Infinity;
	let stats = false;
	let trace = false;
	let htif: 'auto' | 'off' = 'auto';
	let misaligned: 'emulate' | 'trap' = 'emulate';
	let engine: 'interp' | 'jit' = 'interp';
	let harts = 1;
	let firmware: 'none' | 'sbi' | 'auto' = 'auto';
	let memTrace = false;
	const disks: DiskArg[] = [];
	const nics: NicSpec[] = [];
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value: string | undefined;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
		const takeValue = (): string | undefined => value ?? argv[++i];
		switch (arg) {
			case '--ram': {
				const v = takeValue();
				const n = Number(v);
				if (v === undefined || !/^\d+$/.test(v) || n < 1 || n > 2048)
					return `--ram expects a whole number of MiB from 1 to 2048, got ${v ?? 'nothing'}`;
				ramMiB = n;
				break;
			}
			case '--max-instructions': {
				const v = takeValue();
				if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1)
					return `--max-instructions expects a positive whole number, got ${v ?? 'nothing'}`;
				maxInstructions = Number(v);
				break;
			}
			case '--stats':
				stats = true;
				break;
			case '--trace':
				trace = true;
				break;
			case '--mem-trace':
				memTrace = true;
				break;
			case '--firmware': {
				const v = takeValue();
				if (v !== 'none' && v !== 'sbi' && v !== 'auto')
					return `--firmware expects none or sbi, got ${v ?? 'nothing'}`;
				firmware = v;
				break;
			}
			case '--htif': {
				const v = takeValue();
				if (v !== 'auto' && v !== 'off') return `--htif expects auto or off, got ${v ?? 'nothing'}`;
				htif = v;
				break;
			}
			case '--harts': {
				const v = takeValue();
				if (v === undefined || !/^[1-8]$/.test(v))
					return `--harts expects a number from 1 to 8, got ${v ?? 'nothing'}`;
				harts = Number(v);
				break;
			}
			case '--bios':
			case '--kernel':
			case '--initrd':
			case '--dtb':
			case '--append': {
				const v = takeValue();
				const name = arg.slice(2) as keyof typeof boot;
				if (v === undefined || (v === '' && name !== 'append'))
					return `${arg} expects ${name === 'append' ? 'the command line' : 'a file'}, got nothing`;
				if (boot[name] !== undefined) return `${arg} given twice`;
				boot[name] = v;
				break;
			}
			case '--disk': {
				const v = takeValue();
				if (v === undefined) return '--disk expects FILE[,serial=S][,readonly], got nothing';
				const disk = parseDiskArg(v);
				if (typeof disk === 'string') return disk;
				if (disk.bus === 'pio' && disks.some((d) => d.bus === 'pio'))
					return '--disk: at most one disk with if=pio (the PIO disk has one address)';
				if (disk.bus !== 'pio' && disks.filter((d) => d.bus !== 'pio').length + nics.length === 8)
					return '--disk: at most 8 disks (the virtio-mmio slots)';
				disks.push(disk);
				break;
			}
			case '--net': {
				const nic = parseNetArg(takeValue());
				if (typeof nic === 'string') return nic;
				const mac = nic.mac ?? defaultMac(nics.length);
				if (nics.some((n, k) => (n.mac ?? defaultMac(k)) === mac))
					return `--net: two NICs with the MAC ${mac}`;
				if (disks.filter((d) => d.bus !== 'pio').length + nics.length === 8)
					return '--net: the disks and NICs together fill at most 8 virtio-mmio slots';
				nics.push(nic);
				break;
			}
			case '--misaligned': {
				const v = takeValue();
				if (v !== 'emulate' && v !== 'trap')
					return `--misaligned expects emulate or trap, got ${v ?? 'nothing'}`;
				misaligned = v;
				break;
			}
			case '--engine': {
				const v = takeValue();
				if (v !== 'interp' && v !== 'jit')
					return `--engine expects interp or jit, got ${v ?? 'nothing'}`;
				engine = v;
				break;
			}
			default:
				if (arg.startsWith('-')) return `unknown option ${arg}`;
				if (file !== undefined) return `unexpected argument ${arg} (one program at a time)`;
				file = arg;
		}
	}
	const bootsImages = boot.kernel !== undefined || (boot.bios !== undefined && !isBuiltIn(boot.bios));
	if (file !== undefined && bootsImages)
		return `FILE and --kernel/--bios FILE both name what boots: give one of them`;
	if (file === undefined && !bootsImages) return 'missing FILE (or --kernel IMAGE)';
	if (boot.kernel === undefined)
		for (const k of ['initrd', 'append'] as const)
			if (boot[k] !== undefined) return `--${k} needs --kernel`;
	if (file !== undefined && (boot.dtb !== undefined || boot.bios !== undefined))
		return '--bios and --dtb go with --kernel (a FILE runs as before: see --firmware)';
	return {
		file,
		...boot,
		ramMiB,
		maxInstructions,
		stats,
		trace,
		htif,
		misaligned,
		engine,
		harts,
		firmware,
		memTrace,
		disks,
		nics
	};
}

/** --bios values that name no file: QEMU's none, and vmscope's own SBI. */
export function isBuiltIn(bios: string): bios is 'none' | 'sbi' {
	return bios === 'none' || bios === 'sbi';
}

/**
 * HTIF, the host-target interface of Spike (riscv-isa-sim fesvr): the program defines 64-bit words
 * `tohost` and `fromhost` in RAM and writes a command into tohost:
 *   bits 63:56 device, 55:48 command, 47:0 payload.
 *   device 0 (syscall proxy): payload odd → exit with code payload >> 1;
 *                             payload even → address of a syscall block `magic_mem` of 64-bit words
 *                             {which, arg0, arg1, arg2, ...}; the result goes to magic_mem[0] and
 *                             fromhost gets 1 (device 0, command 0, payload 1), as Spike responds.
 *   device 1 (console), command 1: write the byte payload & 0xff (no response, as Spike's bcd).
 * RV32 writes the word as two 32-bit stores, low word first, so we act on the store that completes
 * it: the one to the high word. Like Spike's host loop, we then clear tohost so the guest may send the
 * next command.
 */
import type { Ram } from '../bus/ram';
import type { DeviceHost } from './device';

export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
const ENOSYS = 38;
const EBADF = 9;
const EFAULT = 14;

export class Htif {
	readonly name = 'htif';

	constructor(
		private readonly ram: Ram,
		private readonly host: DeviceHost,
		readonly tohost: number,
		readonly fromhost: number | undefined
	) {
		// Watch the high word; the low word is an ordinary RAM word until the high half arrives.
		ram.watch(tohost + 4, () => this.tohostWritten());
	}

	private word(addr: number): number {
		const off = this.ram.offset(addr, 4);
		return off < 0 ? 0 : this.ram.read(off, 4) >>> 0;
	}

	/** Write a 64-bit value (lo, hi) straight into RAM, without re-triggering our own watch. */
	private setWords(addr: number, lo: number, hi: number): boolean {
		const off = this.ram.offset(addr, 8);
		if (off < 0) return false;
		const i32 = this.ram.i32;
		if ((off & 3) === 0) {
			i32[off >>> 2] = lo;
			i32[(off >>> 2) + 1] = hi;
		} else {
			this.ram.u8.set([lo, lo >>> 8, lo >>> 16, lo >>> 24, hi, hi >>> 8, hi >>> 16, hi >>> 24], off);
		}
		return true;
	}

	private tohostWritten(): void {
		const lo = this.word(this.tohost);
		const hi = this.word(this.tohost + 4);
		if (lo === 0 && hi === 0) return; // the guest (or we) cleared it
		this.setWords(this.tohost, 0, 0);
		const device = hi >>> 24;
		const command = (hi >>> 16) & 0xff;
		const payload = (hi & 0xffff) * 2 ** 32 + lo;
		if (device === 0 && command === 0) {
			if (lo & 1) this.host.stop({ kind: 'exited', code: Math.floor(payload / 2), by: 'htif' });
			else this.syscall(payload);
		} else if (device === 1 && command === 1) {
			this.host.consoleOut(lo & 0xff, this.name);
		}
		// Other devices/commands (e.g. console read, device 1 command 0) are ignored for now.
	}

	private syscall(block: number): void {
		const arg = (i: number) => this.word(block + 8 * i); // low words: RV32 arguments are 32-bit
		const which = arg(0);
		let ret: number;
		if (which === SYS_WRITE) ret = this.write(arg(1), arg(2), arg(3));
		else if (which === SYS_EXIT) {
			this.host.stop({ kind: 'exited', code: arg(1), by: 'syscall' });
			return;
		} else ret = -ENOSYS;
		this.setWords(block, ret | 0, ret < 0 ? -1 : 0);
		if (this.fromhost !== undefined) this.setWords(this.fromhost, 1, 0);
	}

	private write(fd: number, buf: number, len: number): number {
		if (fd !== 1 && fd !== 2) return -EBADF;
		const off = this.ram.offset(buf, len);
		if (off < 0) return -EFAULT;
		for (let i = 0; i < len; i++) {
			const b = this.ram.u8[off + i];
			if (fd === 1) this.host.consoleOut(b, this.name);
			else this.host.consoleErr(b);
		}
		return len;
	}
}

/**
 * A minimal 16550 UART (register map: TI PC16550D datasheet, Table 2), enough for polled console I/O:
 * THR writes go to the console sink, RBR reads pop an input queue, LSR reports THRE|TEMT always and
 * DR while input is queued. DLAB (LCR bit 7) switches offsets 0/1 to the divisor latch. Interrupts
 * (IER/IIR through the PLIC) come with the machine issue; the registers are already kept.
 */
import type { AccessSize, Device, DeviceHost } from './device';

const LSR_DR = 0x01; // data ready
const LSR_THRE = 0x20; // transmit holding register empty
const LSR_TEMT = 0x40; // transmitter empty
const LCR_DLAB = 0x80;
const IIR_NO_INTERRUPT = 0x01;
const IIR_FIFO_ENABLED = 0xc0;

export interface UartState {
	input: number[];
	ier: number;
	fcr: number;
	lcr: number;
	mcr: number;
	scr: number;
	dll: number;
	dlm: number;
}

export class Uart16550 implements Device {
	readonly name = 'uart16550';
	private readonly input: number[] = [];
	private ier = 0;
	private fcr = 0;
	private lcr = 0;
	private mcr = 0;
	private scr = 0;
	private dll = 0;
	private dlm = 0;

	constructor(private readonly host: DeviceHost) {}

	/** Registers and pending input, as plain data. */
	snapshot(): UartState {
		const { ier, fcr, lcr, mcr, scr, dll, dlm } = this;
		return { input: [...this.input], ier, fcr, lcr, mcr, scr, dll, dlm };
	}

	restore(s: UartState): void {
		this.input.length = 0;
		this.input.push(...s.input);
		({ ier: this.ier, fcr: this.fcr, lcr: this.lcr, mcr: this.mcr, scr: this.scr } = s);
		({ dll: this.dll, dlm: this.dlm } = s);
	}

	/** Queue bytes for the guest to read from RBR (stdin, the UI). */
	feed(bytes: Iterable<number>): void {
		for (const b of bytes) this.input.push(b & 0xff);
	}

	/** Registers are bytes; a wider access reads the register at its first byte. */
	read(offset: number, _size?: AccessSize): number | undefined {
		const dlab = (this.lcr & LCR_DLAB) !== 0;
		switch (offset & 7) {
			case 0:
				return dlab ? this.dll : (this.input.shift() ?? 0);
			case 1:
				return dlab ? this.dlm : this.ier;
			case 2:
				return IIR_NO_INTERRUPT | (this.fcr & 1 ? IIR_FIFO_ENABLED : 0);
			case 3:
				return this.lcr;
			case 4:
				return this.mcr;
			case 5:
				return LSR_THRE | LSR_TEMT | (this.input.length ? LSR_DR : 0);
			case 6:
				return 0xb0; // MSR: DCD, DSR, CTS asserted, as a connected terminal
			default:
				return this.scr;
		}
	}

	write(offset: number, _size: AccessSize, value: number): boolean {
		const v = value & 0xff;
		const dlab = (this.lcr & LCR_DLAB) !== 0;
		switch (offset & 7) {
			case 0:
				if (dlab) this.dll = v;
				else this.host.consoleOut(v);
				break;
			case 1:
				if (dlab) this.dlm = v;
				else this.ier = v & 0x0f;
				break;
			case 2:
				this.fcr = v;
				if (v & 2) this.input.length = 0; // FCR bit 1: clear the receive FIFO
				break;
			case 3:
				this.lcr = v;
				break;
			case 4:
				this.mcr = v & 0x1f;
				break;
			case 7:
				this.scr = v;
				break;
		}
		return true;
	}
}

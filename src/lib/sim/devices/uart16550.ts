/**
 * A 16550A UART (register map and interrupt rules: TI PC16550D datasheet, Tables 2–4), as QEMU's
 * virt machine has at 0x1000_0000 (hw/char/serial.c):
 *   0 RBR (read) / THR (write); DLL with LCR.DLAB     4 MCR (bit 4: loopback)
 *   1 IER; DLM with LCR.DLAB                          5 LSR: DR, THRE, TEMT
 *   2 IIR (read) / FCR (write)                        6 MSR
 *   3 LCR                                             7 SCR
 * Transmission is instant: a THR write goes to the console sink at once, so THRE and TEMT are always
 * set. Received bytes wait in an unbounded input queue that the UI and the CLI feed (feed()): it
 * stands for the terminal's side of the line, so a FIFO reset (FCR bit 1) drops none of it. With
 * the FIFO enabled the receive interrupt fires as soon as one byte is there, whatever the trigger
 * level: the character-timeout interrupt a real chip raises for a partly filled FIFO is folded in.
 *
 * Interrupts (IER bits, IIR codes, in priority order; line status and modem status never change
 * here, so their interrupts never fire):
 *   IER.ERBFI → IIR 0x4  received data available, while the input queue is not empty
 *   IER.ETBEI → IIR 0x2  THR empty: raised when ETBEI is set or a byte has been sent; cleared by
 *                        reading IIR while it is the reported interrupt, or by writing THR
 * The interrupt output (the datasheet's INTRPT) goes to the PLIC, source 10 on virt; as in QEMU,
 * MCR.OUT2 does not gate it.
 */
import type { AccessSize, Device, DeviceHost, Lifecycle } from './device';
import { UART0_IRQ } from './plic';

const LSR_DR = 0x01; // data ready
const LSR_THRE = 0x20; // transmit holding register empty
const LSR_TEMT = 0x40; // transmitter empty
const LCR_DLAB = 0x80;
const IER_ERBFI = 0x01; // received data available interrupt
const IER_ETBEI = 0x02; // transmitter holding register empty interrupt
const IIR_NO_INTERRUPT = 0x01;
const IIR_THRE = 0x02;
const IIR_RDA = 0x04;
const IIR_FIFO_ENABLED = 0xc0;
const FCR_ENABLE = 0x01;
const MCR_LOOP = 0x10;
/** MSR with a connected terminal: DCD, DSR and CTS asserted. */
const MSR_CONNECTED = 0xb0;

export interface UartState {
	input: number[];
	ier: number;
	fcr: number;
	lcr: number;
	mcr: number;
	scr: number;
	dll: number;
	dlm: number;
	/** The THR-empty interrupt is pending (until IIR reports it or THR is written). */
	thrEmptyPending?: boolean;
}

export class Uart16550 implements Device, Lifecycle<UartState> {
	readonly name = 'uart16550';
	private readonly input: number[] = [];
	private ier = 0;
	private fcr = 0;
	private lcr = 0;
	private mcr = 0;
	private scr = 0;
	private dll = 0;
	private dlm = 0;
	private thrEmptyPending = false;
	private line = false;

	/** `irqLine`: the interrupt controller's line the output drives (PLIC source 10 on virt). */
	constructor(
		private readonly host: DeviceHost,
		private readonly irqLine = UART0_IRQ
	) {}

	/** Power-on state (datasheet Table 5, "UART Reset Configuration"); queued input is kept. */
	reset(): void {
		this.ier = this.fcr = this.lcr = this.mcr = this.scr = this.dll = this.dlm = 0;
		this.thrEmptyPending = false;
		this.updateIrq();
	}

	/** Registers and pending input, as plain data. */
	snapshot(): UartState {
		const { ier, fcr, lcr, mcr, scr, dll, dlm, thrEmptyPending } = this;
		return { input: [...this.input], ier, fcr, lcr, mcr, scr, dll, dlm, thrEmptyPending };
	}

	restore(s: UartState): void {
		this.input.length = 0;
		this.input.push(...s.input);
		({ ier: this.ier, fcr: this.fcr, lcr: this.lcr, mcr: this.mcr, scr: this.scr } = s);
		({ dll: this.dll, dlm: this.dlm } = s);
		this.thrEmptyPending = s.thrEmptyPending ?? false;
		// State only: the PLIC's snapshot holds the line's level, the harts' their mip bits.
		this.line = this.interruptId() !== IIR_NO_INTERRUPT;
	}

	/** Queue bytes for the guest to read from RBR (stdin, the UI). */
	feed(bytes: Iterable<number>): void {
		for (const b of bytes) this.input.push(b & 0xff);
		this.updateIrq();
	}

	/** Bytes received and not yet read by the guest. */
	get pendingInput(): number {
		return this.input.length;
	}

	/** Take one received byte (RBR read), or undefined when none is there. Firmware reads it this way too. */
	receive(): number | undefined {
		const b = this.input.shift();
		this.updateIrq();
		return b;
	}

	/** The interrupt IIR reports now (datasheet Table 4: the highest-priority pending one). */
	private interruptId(): number {
		if (this.ier & IER_ERBFI && this.input.length > 0) return IIR_RDA;
		if (this.ier & IER_ETBEI && this.thrEmptyPending) return IIR_THRE;
		return IIR_NO_INTERRUPT;
	}

	private updateIrq(): void {
		const high = this.interruptId() !== IIR_NO_INTERRUPT;
		if (high === this.line) return;
		this.line = high;
		this.host.raiseIrq(this.irqLine, high);
	}

	/** Registers are bytes; a wider access reads the register at its first byte. */
	read(offset: number, _size?: AccessSize): number | undefined {
		const dlab = (this.lcr & LCR_DLAB) !== 0;
		switch (offset & 7) {
			case 0:
				return dlab ? this.dll : (this.receive() ?? 0);
			case 1:
				return dlab ? this.dlm : this.ier;
			case 2: {
				const id = this.interruptId();
				// Reading IIR while it reports THR empty clears that interrupt (Table 4).
				if (id === IIR_THRE) {
					this.thrEmptyPending = false;
					this.updateIrq();
				}
				return id | (this.fcr & FCR_ENABLE ? IIR_FIFO_ENABLED : 0);
			}
			case 3:
				return this.lcr;
			case 4:
				return this.mcr;
			case 5:
				return LSR_THRE | LSR_TEMT | (this.input.length ? LSR_DR : 0);
			case 6:
				// In loopback the modem inputs follow MCR's outputs: DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD.
				return this.mcr & MCR_LOOP ? (this.mcr & 0x0f) << 4 : MSR_CONNECTED;
			default:
				return this.scr;
		}
	}

	write(offset: number, _size: AccessSize, value: number): boolean {
		const v = value & 0xff;
		const dlab = (this.lcr & LCR_DLAB) !== 0;
		switch (offset & 7) {
			case 0:
				if (dlab) {
					this.dll = v;
					break;
				}
				// Loopback: the transmitter feeds the receiver and nothing leaves the chip.
				if (this.mcr & MCR_LOOP) this.input.push(v);
				else this.host.consoleOut(v, this.name);
				this.thrEmptyPending = true; // sent at once: THR is empty again
				break;
			case 1:
				if (dlab) {
					this.dlm = v;
					break;
				}
				// Enabling ETBEI while THR is empty (it always is) raises the THRE interrupt at once.
				if (v & IER_ETBEI && !(this.ier & IER_ETBEI)) this.thrEmptyPending = true;
				this.ier = v & 0x0f;
				break;
			case 2:
				// Bit 1 resets the receive FIFO; the input queue stands for the terminal's side of the line
				// (QEMU's chardev, which holds bytes back until the FIFO has room), so nothing fed is lost.
				this.fcr = v & 0xc9; // FIFO enable, DMA mode, trigger level; the reset bits self-clear
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
		this.updateIrq();
		return true;
	}
}

/**
 * CSR numbers and names, declared once (as Spike's DECLARE_CSR). The assembler, disassembler and the
 * hart's CSR file read this. Numbers are from the Privileged ISA 1.12, §2.2 Tables 2.2–2.5.
 */

const FIXED: [string, number][] = [
	// Unprivileged floating-point CSRs: named so `csrr a0, fcsr` assembles, though vmscope has no F.
	['fflags', 0x001], ['frm', 0x002], ['fcsr', 0x003],
	// Unprivileged counters and timers
	['cycle', 0xc00], ['time', 0xc01], ['instret', 0xc02],
	['cycleh', 0xc80], ['timeh', 0xc81], ['instreth', 0xc82],
	// Supervisor
	['sstatus', 0x100], ['sie', 0x104], ['stvec', 0x105], ['scounteren', 0x106], ['senvcfg', 0x10a],
	['sscratch', 0x140], ['sepc', 0x141], ['scause', 0x142], ['stval', 0x143], ['sip', 0x144],
	['satp', 0x180],
	// Machine information
	['mvendorid', 0xf11], ['marchid', 0xf12], ['mimpid', 0xf13], ['mhartid', 0xf14], ['mconfigptr', 0xf15],
	// Machine trap setup and handling
	['mstatus', 0x300], ['misa', 0x301], ['medeleg', 0x302], ['mideleg', 0x303], ['mie', 0x304],
	['mtvec', 0x305], ['mcounteren', 0x306], ['mstatush', 0x310], ['mscratch', 0x340], ['mepc', 0x341],
	['mcause', 0x342], ['mtval', 0x343], ['mip', 0x344], ['mtinst', 0x34a], ['mtval2', 0x34b],
	['menvcfg', 0x30a], ['menvcfgh', 0x31a], ['mseccfg', 0x747], ['mseccfgh', 0x757],
	// Machine counters
	['mcycle', 0xb00], ['minstret', 0xb02], ['mcycleh', 0xb80], ['minstreth', 0xb82],
	['mcountinhibit', 0x320],
	// The trigger module, with no triggers (csr-file.ts); debug mode's CSRs are named only
	['tselect', 0x7a0], ['tdata1', 0x7a1], ['tdata2', 0x7a2], ['tdata3', 0x7a3], ['tinfo', 0x7a4],
	['dcsr', 0x7b0], ['dpc', 0x7b1], ['dscratch0', 0x7b2], ['dscratch1', 0x7b3]
]; // prettier-ignore

/**
 * CSRs vmscope does not implement (yet: H is planned) but binutils 2.40 knows by name: listed so
 * `objdump -d` and our disassembler print the same text. Vector, Zkr, Smstateen, Sstc, AIA, H, debug.
 */
const NAMED_ONLY: [string, number][] = [
	['vstart', 0x008], ['vxsat', 0x009], ['vxrm', 0x00a], ['vcsr', 0x00f], ['seed', 0x015],
	['vl', 0xc20], ['vtype', 0xc21], ['vlenb', 0xc22],
	['sieh', 0x114], ['stimecmp', 0x14d], ['siselect', 0x150], ['sireg', 0x151], ['siph', 0x154],
	['stopei', 0x15c], ['stimecmph', 0x15d], ['scountovf', 0xda0], ['stopi', 0xdb0],
	['vsstatus', 0x200], ['vsie', 0x204], ['vstvec', 0x205], ['vsieh', 0x214], ['vsscratch', 0x240],
	['vsepc', 0x241], ['vscause', 0x242], ['vstval', 0x243], ['vsip', 0x244], ['vstimecmp', 0x24d],
	['vsiselect', 0x250], ['vsireg', 0x251], ['vsiph', 0x254], ['vstopei', 0x25c],
	['vstimecmph', 0x25d], ['vsatp', 0x280], ['vstopi', 0xeb0],
	['mvien', 0x308], ['mvip', 0x309], ['midelegh', 0x313], ['mieh', 0x314], ['mvienh', 0x318],
	['mviph', 0x319], ['miselect', 0x350], ['mireg', 0x351], ['miph', 0x354], ['mtopei', 0x35c],
	['mtopi', 0xfb0],
	['hstatus', 0x600], ['hedeleg', 0x602], ['hideleg', 0x603], ['hie', 0x604], ['htimedelta', 0x605],
	['hcounteren', 0x606], ['hgeie', 0x607], ['hvien', 0x608], ['hvictl', 0x609], ['henvcfg', 0x60a],
	['hidelegh', 0x613], ['htimedeltah', 0x615], ['hvienh', 0x618], ['henvcfgh', 0x61a],
	['htval', 0x643], ['hip', 0x644], ['hvip', 0x645], ['hviprio1', 0x646], ['hviprio2', 0x647],
	['htinst', 0x64a], ['hviph', 0x655], ['hviprio1h', 0x656], ['hviprio2h', 0x657], ['hgatp', 0x680],
	['hgeip', 0xe12],
	['scontext', 0x5a8], ['hcontext', 0x6a8], ['tcontrol', 0x7a5],
	['mcontext', 0x7a8], ['mscontext', 0x7aa]
]; // prettier-ignore

function ranged(): [string, number][] {
	const out: [string, number][] = [];
	for (let i = 3; i <= 31; i++) {
		out.push([`hpmcounter${i}`, 0xc00 + i], [`hpmcounter${i}h`, 0xc80 + i]);
		out.push([`mhpmcounter${i}`, 0xb00 + i], [`mhpmcounter${i}h`, 0xb80 + i]);
		out.push([`mhpmevent${i}`, 0x320 + i], [`mhpmevent${i}h`, 0x720 + i]);
	}
	for (let i = 0; i < 16; i++) out.push([`pmpcfg${i}`, 0x3a0 + i]);
	for (let i = 0; i < 64; i++) out.push([`pmpaddr${i}`, 0x3b0 + i]);
	for (const [s, base, hBase] of [
		['s', 0x10c, 0],
		['m', 0x30c, 0x31c],
		['h', 0x60c, 0x61c]
	] as const) {
		for (let i = 0; i < 4; i++) {
			out.push([`${s}stateen${i}`, base + i]);
			if (hBase) out.push([`${s}stateen${i}h`, hBase + i]);
		}
	}
	return out;
}

const ALL = [...FIXED, ...NAMED_ONLY, ...ranged()];

export const CSR_NUMBER: ReadonlyMap<string, number> = new Map(ALL);
export const CSR_NAME: ReadonlyMap<number, string> = new Map(ALL.map(([n, a]) => [a, n]));

/** Named constants for the CSRs the hart implements, so code reads `CSR.mstatus`, not 0x300. */
export const CSR = Object.fromEntries(FIXED) as Record<string, number>;

/** objdump prints an unnamed CSR as its number in hex; so do we. */
export function csrName(num: number): string {
	return CSR_NAME.get(num) ?? `0x${num.toString(16)}`;
}

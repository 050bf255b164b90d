/**
 * Seeded random assembly programs for the differential test (test/unit/asm-differential.test.ts):
 * every instruction syntax of the table and the pseudo-instructions, with random registers,
 * immediates, CSRs, fence sets, AMO orderings and labels near and far.
 */
import { CSR_NUMBER } from '../../src/lib/sim/isa/csrs';
import { INSNS, type Insn } from '../../src/lib/sim/isa/instructions';
import { ABI_NAMES } from '../../src/lib/sim/isa/registers';

/** A small deterministic generator (fast-check's own seeded sampling would do; this reads simpler). */
function rng(seed: number) {
	let s = seed >>> 0 || 1;
	const next = () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 2 ** 32;
	};
	const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
	const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
	return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const REGS = [...ABI_NAMES, ...Array.from({ length: 32 }, (_, i) => `x${i}`), 'fp'];
const CSRS = [...CSR_NUMBER.keys()];
const num = (r: Rng, v: number) => (v >= 0 && r.next() < 0.3 ? `0x${v.toString(16)}` : String(v));

function operands(r: Rng, insn: Insn, label: () => string): string {
	const reg = () => r.pick(REGS);
	const imm12 = () => num(r, r.int(-2048, 2047));
	const fenceSet = () => ['i', 'o', 'r', 'w'].filter(() => r.next() < 0.6).join('') || 'rw';
	const csr = () => (r.next() < 0.8 ? r.pick(CSRS) : num(r, r.int(0, 4095)));
	switch (insn.syntax) {
		case 'none': return '';
		case 'rd,rs1,rs2': return `${reg()}, ${reg()}, ${reg()}`;
		case 'rd,rs1,imm': return `${reg()}, ${reg()}, ${imm12()}`;
		case 'rd,rs1,shamt': return `${reg()}, ${reg()}, ${r.int(0, 31)}`;
		case 'rd,imm(rs1)':
		case 'rs2,imm(rs1)': return `${reg()}, ${r.next() < 0.1 ? '' : imm12()}(${reg()})`;
		case 'rs1,rs2,target': return `${reg()}, ${reg()}, ${label()}`;
		case 'rd,imm20': return `${reg()}, ${num(r, r.int(0, 0xfffff))}`;
		case 'rd,target': return `${reg()}, ${label()}`;
		case 'rd,csr,rs1': return `${reg()}, ${csr()}, ${reg()}`;
		case 'rd,csr,zimm': return `${reg()}, ${csr()}, ${r.int(0, 31)}`;
		case 'pred,succ': return `${fenceSet()}, ${fenceSet()}`;
		case 'rd,(rs1)': return `${reg()}, (${reg()})`;
		case 'rd,rs2,(rs1)': return `${reg()}, ${reg()}, ${r.next() < 0.2 ? '0' : ''}(${reg()})`;
		case 'rs1,rs2': return `${reg()}, ${reg()}`;
	}
} // prettier-ignore

/** Pseudo-instructions with generated operands. */
function pseudo(r: Rng, label: () => string, datum: () => string): string {
	const reg = () => r.pick(REGS);
	const li = () => {
		const k = r.int(0, 4);
		const v = [
			r.int(-2048, 2047),
			r.int(-0x80000000, 0x7fffffff),
			r.int(0, 0xfffff) << 12,
			0x800 * r.int(-8, 8),
			r.int(0, 0xffffffff)
		][k];
		return num(r, v);
	};
	const forms = [
		() => `li ${reg()}, ${li()}`,
		() => `${r.pick(['la', 'lla'])} ${reg()}, ${datum()}`,
		() => `${r.pick(['mv', 'not', 'neg', 'seqz', 'snez', 'sltz', 'sgtz', 'zext.b'])} ${reg()}, ${reg()}`,
		() => `${r.pick(['beqz', 'bnez', 'blez', 'bgez', 'bltz', 'bgtz'])} ${reg()}, ${label()}`,
		() => `${r.pick(['bgt', 'ble', 'bgtu', 'bleu'])} ${reg()}, ${reg()}, ${label()}`,
		() => `${r.pick(['j', 'jal', 'call', 'tail'])} ${label()}`,
		() => `${r.pick(['jr', 'jalr'])} ${reg()}`,
		() => `jalr ${reg()}, ${r.int(-2048, 2047)}(${reg()})`,
		() => `ret`,
		() => `nop`,
		() => `csrr ${reg()}, ${r.pick(CSRS)}`,
		() => `${r.pick(['csrw', 'csrs', 'csrc'])} ${r.pick(CSRS)}, ${r.next() < 0.5 ? reg() : r.int(0, 31)}`,
		() => `${r.pick(['csrwi', 'csrsi', 'csrci'])} ${r.pick(CSRS)}, ${r.int(0, 31)}`,
		() => `${r.pick(['rdcycle', 'rdtime', 'rdinstret', 'rdcycleh', 'rdtimeh', 'rdinstreth'])} ${reg()}`,
		() => `${r.pick(['lb', 'lh', 'lw', 'lbu', 'lhu'])} ${reg()}, ${datum()}`,
		() => `${r.pick(['sb', 'sh', 'sw'])} ${reg()}, ${datum()}, ${reg()}`,
		() => `${r.pick(['fence', 'sfence.vma', 'unimp'])}`,
		() => {
			const [rd, d] = [reg(), datum()];
			return `lui ${rd}, %hi(${d})\n\taddi ${rd}, ${rd}, %lo(${d})\n\tlw ${reg()}, %lo(${d})(${rd})`;
		},
		() => {
			const [rd, d] = [reg(), datum()];
			const use = r.pick([
				`addi ${rd}, ${rd}, %pcrel_lo(1b)`,
				`lw ${rd}, %pcrel_lo(1b)(${rd})`,
				`sb ${reg()}, %pcrel_lo(1b)(${rd})`
			]);
			return `1:\tauipc ${rd}, %pcrel_hi(${d})\n\t${use}`;
		},
		() => `.p2align ${r.int(2, 4)}`,
		() => `.balign ${r.pick([4, 8, 16])}`,
		() => `.word ${r.int(-0x80000000, 0xffffffff)}, ${datum()}`
	];
	return r.pick(forms)();
}

/** A random program: `lines` statements in .text with labels among them, and labelled data. */
export function randomProgram(seed: number, lines: number): string {
	const r = rng(seed);
	const labels = Math.max(4, lines >> 4);
	const label = () => `L${r.int(0, labels - 1)}`;
	const datum = () => `D${r.int(0, 15)}${r.next() < 0.3 ? ` + ${r.int(0, 3) * 4}` : ''}`;
	const out = ['\t.text', '\t.globl _start', '_start:'];
	const placed = new Set<number>();
	for (let i = 0; i < lines; i++) {
		if (r.next() < 0.08) {
			const l = r.int(0, labels - 1);
			if (!placed.has(l)) out.push(`L${l}:`);
			placed.add(l);
		}
		if (r.next() < 0.35) out.push(`\t${pseudo(r, label, datum)}`);
		else {
			const insn = r.pick(INSNS);
			const sfx = insn.aqrl ? r.pick(['', '.aq', '.rl', '.aqrl']) : '';
			out.push(`\t${insn.name}${sfx} ${operands(r, insn, label)}`.trimEnd());
		}
	}
	for (let l = 0; l < labels; l++) if (!placed.has(l)) out.push(`L${l}:`);
	out.push('\tret', '\t.data');
	for (let d = 0; d < 16; d++) {
		out.push(`D${d}:\t.word ${r.int(-0x80000000, 0x7fffffff)}, D${r.int(0, 15)}`);
		const extra = [
			`.byte ${r.int(-128, 255)}, ${r.int(0, 255)}`,
			`.half ${r.int(-32768, 65535)}`,
			`.ascii "s${d}\\n"`,
			`.p2align ${r.int(0, 3)}`,
			`.balign 4, 0x${r.int(0, 255).toString(16)}`
		];
		out.push(`\t${r.pick(extra)}`);
	}
	return `${out.join('\n')}\n`;
}

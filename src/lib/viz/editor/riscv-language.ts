/**
 * A small CodeMirror stream language for RISC-V assembly in GNU as syntax: comments (`#`, `//`,
 * `/* … *\/`), labels, directives, mnemonics, registers, numbers and strings. Enough to read a
 * program at a glance; the assembler is the judge of what is valid.
 */
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import { registerNumber } from '$lib/sim/isa/registers';

interface LineState {
	/** Inside a block comment carried over from an earlier line. */
	inComment: boolean;
	/** The statement's first word has been read (so a later word is an operand, not a mnemonic). */
	sawOp: boolean;
}

const CSR_LIKE = /^(m|s|u|h|v)[a-z0-9]+$/;

export const riscvParser: StreamParser<LineState> = {
	name: 'riscv-asm',
	startState: () => ({ inComment: false, sawOp: false }),
	copyState: (s) => ({ ...s }),
	token(stream, state) {
		if (stream.sol()) state.sawOp = false;
		if (state.inComment) {
			if (stream.skipTo('*/')) {
				stream.next();
				stream.next();
				state.inComment = false;
			} else stream.skipToEnd();
			return 'comment';
		}
		if (stream.eatSpace()) return null;
		if (stream.match('/*')) {
			state.inComment = true;
			return 'comment';
		}
		if (stream.match('#') || stream.match('//')) {
			stream.skipToEnd();
			return 'comment';
		}
		if (stream.peek() === ';') {
			// `;` separates statements on one line.
			stream.next();
			state.sawOp = false;
			return 'punctuation';
		}
		if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
		if (stream.match(/^'(?:[^'\\]|\\.)'?/)) return 'string';
		if (stream.match(/^-?(?:0x[0-9a-f]+|0b[01]+|[0-9]+)\b[fb]?/i)) return 'number';
		if (stream.match(/^%(?:hi|lo|pcrel_hi|pcrel_lo|tprel_hi|tprel_lo|tprel_add|got_pcrel_hi)\b/))
			return 'operator';
		const word = stream.match(/^[.A-Za-z_$][\w.$]*/);
		if (word && Array.isArray(word)) {
			const text = word[0];
			if (stream.peek() === ':') {
				stream.next();
				return 'labelName';
			}
			if (!state.sawOp) {
				state.sawOp = true;
				return text.startsWith('.') ? 'meta' : 'keyword';
			}
			if (registerNumber(text) !== undefined) return 'variableName.special';
			if (
				CSR_LIKE.test(text) &&
				/^(mstatus|mtvec|mepc|mcause|mtval|mie|mip|mscratch|satp|sstatus|stvec|sepc|scause|stval|sie|sip|sscratch|cycle|time|instret|mhartid|misa|medeleg|mideleg)$/.test(
					text
				)
			)
				return 'propertyName';
			return 'variableName';
		}
		// Numeric local labels: `1:` and references `1b`, `2f`.
		if (stream.match(/^[0-9]+:/)) return 'labelName';
		stream.next();
		return 'operator';
	},
	languageData: { commentTokens: { line: '#' } }
};

export const riscvLanguage = StreamLanguage.define(riscvParser);

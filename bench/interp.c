/* A branchy interpreter-like loop: a small stack-machine bytecode VM running a program that
 * computes fib numbers and a checksum over many iterations. */
#include "rt.h"

enum { PUSH, LOAD, STORE, ADD, SUB, LT, JZ, JMP, DUP, DROP, XOR, SHL, HALT };

static const int32_t code[] = {
	/* vars: 0 = n, 1 = a, 2 = b, 3 = i, 4 = acc */
	PUSH, 0, STORE, 3,          /* i = 0 */
	PUSH, 0, STORE, 1,          /* a = 0 */
	PUSH, 1, STORE, 2,          /* b = 1 */
	/* loop (12): */
	LOAD, 3, LOAD, 0, LT, JZ, 48, /* if !(i < n) goto end */
	LOAD, 1, LOAD, 2, ADD,      /* a + b */
	LOAD, 2, STORE, 1,          /* a = b */
	STORE, 2,                   /* b = a + b */
	LOAD, 4, LOAD, 2, XOR, PUSH, 1, SHL, STORE, 4, /* acc = (acc ^ b) << 1 */
	LOAD, 3, PUSH, 1, ADD, STORE, 3, /* i++ */
	JMP, 12,
	/* end (48): */
	HALT,
};

static int32_t run(int32_t *vars) {
	int32_t stack[16];
	int sp = 0, pc = 0;
	for (;;) {
		switch (code[pc++]) {
		case PUSH: stack[sp++] = code[pc++]; break;
		case LOAD: stack[sp++] = vars[code[pc++]]; break;
		case STORE: vars[code[pc++]] = stack[--sp]; break;
		case ADD: sp--; stack[sp - 1] += stack[sp]; break;
		case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
		case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
		case JZ: { int32_t t = code[pc++]; if (!stack[--sp]) pc = t; break; }
		case JMP: pc = code[pc]; break;
		case DUP: stack[sp] = stack[sp - 1]; sp++; break;
		case DROP: sp--; break;
		case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
		case SHL: sp--; stack[sp - 1] <<= stack[sp]; break;
		case HALT: return vars[4];
		}
	}
}

int main(void) {
	int32_t vars[5] = {0};
	uint32_t total = 0;
	for (int rep = 0; rep < 6000; rep++) {
		vars[0] = 100 + (rep & 15);
		vars[4] = rep;
		total += (uint32_t)run(vars) + (uint32_t)vars[2];
	}
	print("interp %x\n", total);
	return 0;
}

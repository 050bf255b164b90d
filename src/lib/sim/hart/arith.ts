/**
 * M-extension arithmetic on int32 values (unprivileged chapter 7). Small pure functions the JIT
 * inlines into the interpreter loop.
 */

/** High 32 bits of the unsigned 64-bit product (MULHU), from 16-bit limbs so nothing leaves int53. */
export function mulhu(a: number, b: number): number {
	const a0 = a & 0xffff;
	const a1 = a >>> 16;
	const b0 = b & 0xffff;
	const b1 = b >>> 16;
	const mid1 = a1 * b0;
	const mid2 = a0 * b1;
	const carry = (((a0 * b0) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
	return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry) | 0;
}

/** MULH: signed × signed. Correct the unsigned product: subtract b·2^32 if a < 0, and a·2^32 if b < 0. */
export function mulh(a: number, b: number): number {
	return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** MULHSU: signed rs1 × unsigned rs2. */
export function mulhsu(a: number, b: number): number {
	return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

// §7.2 Table 7.1: division by zero gives quotient -1 (all ones) and remainder = dividend;
// signed overflow (-2^31 / -1) gives quotient -2^31 and remainder 0. No exception is raised.
export function div(a: number, b: number): number {
	if (b === 0) return -1;
	if (b === -1) return -a | 0;
	return (a / b) | 0;
}

export function divu(a: number, b: number): number {
	return b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0;
}

export function rem(a: number, b: number): number {
	if (b === 0) return a;
	if (b === -1) return 0;
	return (a % b) | 0;
}

export function remu(a: number, b: number): number {
	return b === 0 ? a : ((a >>> 0) % (b >>> 0)) | 0;
}

/**
 * The guest's memory as the hypervisor reaches it: guest-physical bytes through the VM's guest map, and
 * guest-virtual addresses through the guest's own Sv32 tables, walked by the one page walker
 * (mmu/walker.ts) with guest-physical memory as its PTE memory. The walk sets A and D in the guest's
 * PTEs exactly as the bare hart's MMU would (§4.3.2 step 7, the hardware scheme), which is how the
 * guest reads the A/D bits hardware would have set although the real MMU only ever walks shadows.
 */
import {
	ACCESS_FETCH,
	PRIV_S,
	PRIV_U,
	SV32,
	pageWalk,
	type Access,
	type PteMemory,
	type WalkOk
} from '../mmu';
import type { GuestMap } from './guest-map';
import type { VirtualCsrs, VMode } from './vcpu';
import { VS } from './vcpu';

const SUM = 1 << 18;
const MXR = 1 << 19;

export type GuestTranslation =
	{ ok: true; gpa: number; pte: number; level: number } | { ok: false; cause: number };

/** Full permissions, for a guest with paging off (§4.1.11: Bare, "no translation or protection"). */
const BARE_PTE = 0xcf; // V R W X A D

export class GuestMemory {
	readonly pteMemory: PteMemory;

	constructor(
		private readonly map: GuestMap,
		private readonly vm: number,
		private readonly onAlloc?: (gpa: number, pa: number) => void
	) {
		const ram = () => this.ram;
		this.pteMemory = {
			readPte: (gpa) => {
				const pa = this.hostAddress(gpa, 4);
				return pa < 0 ? undefined : ram().i32[(pa - ram().base) >>> 2];
			},
			writePte: (gpa, value) => {
				const pa = this.hostAddress(gpa, 4);
				if (pa < 0) return false;
				ram().write(pa - ram().base, 4, value);
				return true;
			}
		};
	}

	private get ram() {
		return this.map.frames.ram;
	}

	/** Host-physical address of guest RAM bytes [gpa, gpa + n) within one page, or -1. */
	hostAddress(gpa: number, n = 1): number {
		if ((gpa & 0xfff) + n > 4096 || !this.map.isRam(gpa, n)) return -1;
		return this.map.backing(gpa, this.vm, this.onAlloc);
	}

	/** Copy guest-physical bytes out; undefined when any of them is not guest RAM. */
	read(gpa: number, length: number): Uint8Array | undefined {
		if (!this.map.isRam(gpa, length)) return undefined;
		const out = new Uint8Array(length);
		for (let done = 0; done < length;) {
			const n = Math.min(length - done, 4096 - ((gpa + done) & 0xfff));
			const pa = this.hostAddress(gpa + done, n);
			if (pa < 0) return undefined;
			const off = pa - this.ram.base;
			out.set(this.ram.u8.subarray(off, off + n), done);
			done += n;
		}
		return out;
	}

	/** Copy bytes into guest-physical memory; false (nothing written) when any is not guest RAM. */
	write(gpa: number, bytes: Uint8Array): boolean {
		if (!this.map.isRam(gpa, bytes.length)) return false;
		for (let done = 0; done < bytes.length;) {
			const n = Math.min(bytes.length - done, 4096 - ((gpa + done) & 0xfff));
			const pa = this.hostAddress(gpa + done, n);
			if (pa < 0) return false;
			this.ram.writeBytes(pa - this.ram.base, bytes.subarray(done, done + n));
			done += n;
		}
		return true;
	}

	/** One aligned 32-bit guest-physical word, or undefined outside guest RAM. */
	word(gpa: number): number | undefined {
		const pa = this.hostAddress(gpa, 4);
		return pa < 0 ? undefined : this.ram.i32[(pa - this.ram.base) >>> 2];
	}

	/**
	 * Translate a guest-virtual address as the guest's MMU would at privilege `vmode` under its satp,
	 * SUM and MXR: the guest-physical address and the leaf PTE, or the cause the guest must see.
	 */
	translate(csr: VirtualCsrs, vmode: VMode, va: number, access: Access): GuestTranslation {
		if (csr.satp >= 0) return { ok: true, gpa: va >>> 0, pte: BARE_PTE, level: 0 };
		const r = pageWalk(
			{
				scheme: SV32,
				rootPpn: csr.satp & 0x3f_ffff,
				priv: vmode === VS ? PRIV_S : PRIV_U,
				sum: (csr.sstatus & SUM) !== 0,
				mxr: (csr.sstatus & MXR) !== 0,
				adMode: 'hardware',
				memory: this.pteMemory
			},
			va >>> 0,
			access
		);
		if (!r.ok) return { ok: false, cause: r.cause };
		return { ok: true, gpa: (r as WalkOk).paddr, pte: (r as WalkOk).pte, level: (r as WalkOk).level };
	}

	/** The guest instruction at `pc` (fetched as the guest would), or the fault cause as a negative. */
	fetch(csr: VirtualCsrs, vmode: VMode, pc: number): { bits: number } | { cause: number } {
		const t = this.translate(csr, vmode, pc, ACCESS_FETCH);
		if (!t.ok) return { cause: t.cause };
		const w = this.word(t.gpa);
		return w === undefined ? { cause: 1 } : { bits: w };
	}
}

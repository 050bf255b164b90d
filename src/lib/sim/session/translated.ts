/**
 * Memory as a hart sees it now: through its Sv32 table when its mode translates (satp.MODE = Sv32
 * and the hart below M, privileged §4.1.11), else physical. Views of code and memory read through
 * this, so a user program at 0x0001_0000 under the kernel shows its own bytes, not RAM's hole there.
 * Reading changes nothing: PTE reads come from RAM without setting A or D, and the TLB is not used.
 */
import type { Ram } from '../bus/ram';
import { CSR_TABLE } from '../hart/csr-file';
import type { Hart } from '../hart/hart';
import { ACCESS_LOAD, PRIV_S, PRIV_U, SV32, pageWalk, type PteMemory } from '../mmu';
import { satpMode, satpPpn } from '../mmu/translate';
import type { TranslatedMemoryView } from './types';

const SATP = 0x180;
const PAGE = 4096;

/** The hart's satp, and whether its current mode translates through it. */
export function translationOf(h: Hart): { satp: number; paging: boolean } {
	const satp = (CSR_TABLE[SATP]?.read(h) ?? 0) >>> 0;
	return { satp, paging: satpMode(satp) !== 0 && h.mode !== 3 };
}

function ramPtes(ram: Ram): PteMemory {
	return {
		readPte: (pa) => {
			const off = ram.offset(pa >>> 0, 4);
			return off >= 0 && off % 4 === 0 ? ram.i32[off >>> 2] : undefined;
		},
		writePte: () => true
	};
}

/**
 * The physical address of `va` in the hart's current translation, or undefined when it has no
 * mapping. Permissions are a viewer's: U pages are readable from S (as with SUM) and execute-only
 * pages are readable (as with MXR), so code shows whatever mode looks at it.
 */
export function physicalOf(h: Hart, ram: Ram, va: number): number | undefined {
	const { satp, paging } = translationOf(h);
	if (!paging) return va >>> 0;
	const r = pageWalk(
		{
			scheme: SV32,
			rootPpn: satpPpn(satp),
			priv: h.mode === 0 ? PRIV_U : PRIV_S,
			sum: true,
			mxr: true,
			adMode: 'hardware',
			memory: ramPtes(ram)
		},
		va >>> 0,
		ACCESS_LOAD
	);
	// Sv32 physical addresses reach 2^34; RAM is below 2^32, so anything above is no RAM.
	return r.ok && r.paddr < 2 ** 32 ? r.paddr : undefined;
}

/** `length` bytes from `addr` as the hart sees them; bytes with no mapping or no RAM read 0. */
export function readTranslated(h: Hart, ram: Ram, addr: number, length: number): TranslatedMemoryView {
	const len = Math.max(0, Math.min(length, 1 << 20));
	const { satp, paging } = translationOf(h);
	const bytes = new Uint8Array(len);
	const mapped = new Array<boolean>(len).fill(false);
	for (let done = 0; done < len;) {
		const va = (addr + done) >>> 0;
		const n = Math.min(len - done, PAGE - (va % PAGE));
		const pa = physicalOf(h, ram, va);
		if (pa !== undefined) {
			const off = ram.offset(pa, n);
			if (off >= 0) {
				bytes.set(ram.u8.subarray(off, off + n), done);
				mapped.fill(true, done, done + n);
			}
		}
		done += n;
	}
	return { addr: addr >>> 0, bytes, mapped, virtual: paging, satp };
}

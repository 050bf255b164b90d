/** A sparse fake physical memory for MMU tests: words by address, with pages that fault on read or write. */
import type { PteMemory } from '../../src/lib/sim/mmu/walker';

export class FakeMemory implements PteMemory {
	readonly words = new Map<number, number>();
	/** Page numbers (paddr / 4096) whose reads fail a PMA/PMP check. */
	readonly noRead = new Set<number>();
	/** Page numbers whose writes fail a PMA/PMP check. */
	readonly noWrite = new Set<number>();
	reads = 0;
	writes: { addr: number; value: number }[] = [];

	readPte(paddr: number): number | undefined {
		this.reads++;
		if (this.noRead.has(Math.floor(paddr / 4096))) return undefined;
		return this.words.get(paddr) ?? 0;
	}

	writePte(paddr: number, value: number): boolean {
		if (this.noWrite.has(Math.floor(paddr / 4096))) return false;
		this.words.set(paddr, value >>> 0);
		this.writes.push({ addr: paddr, value: value >>> 0 });
		return true;
	}

	set(paddr: number, value: number): void {
		this.words.set(paddr, value >>> 0);
	}

	get(paddr: number): number {
		return this.words.get(paddr) ?? 0;
	}

	clone(): FakeMemory {
		const m = new FakeMemory();
		for (const [a, v] of this.words) m.words.set(a, v);
		for (const p of this.noRead) m.noRead.add(p);
		for (const p of this.noWrite) m.noWrite.add(p);
		return m;
	}
}

/** Builds a PTE from a PPN and flag bits. */
export const pte = (ppn: number, flags: number) => ((ppn << 10) | flags) >>> 0;

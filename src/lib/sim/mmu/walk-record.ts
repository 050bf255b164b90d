/**
 * A record of one page walk: every PTE the walker read, what it decided there, and the A/D write if it
 * made one. The viz draws walks from these. Recording is opt-in: the walker only touches a record it is
 * given, so a walk without one allocates nothing. One record can be reused walk after walk.
 */
import { PAGE_FAULT_CAUSE, pteFlagString, type Access, type Privilege } from './scheme';

/** Why a walk stopped without a translation. */
export type WalkFaultReason =
	| 'address-range' // Sv32x4: guest physical address wider than 34 bits
	| 'pte-read-fault' // step 2: reading the PTE failed a PMA/PMP check (access fault)
	| 'invalid' // step 3: pte.v = 0
	| 'reserved-wx' // step 3: pte.r = 0 and pte.w = 1
	| 'no-leaf' // step 4: a pointer PTE at the last level
	| 'permission' // step 5: R/W/X/U, SUM, MXR
	| 'misaligned-superpage' // step 6
	| 'accessed-dirty' // step 7, A/D mode 'fault'
	| 'pte-write-fault'; // step 7, A/D mode 'hardware': the PTE store failed a PMA/PMP check

/** What the walker decided at one PTE: go down a level, use it as the leaf, or stop with a fault. */
export type WalkDecision = 'next' | 'leaf' | WalkFaultReason;

export interface WalkStep {
	level: number;
	/** Physical address of the table read at this level (a in §4.3.2). */
	tableAddr: number;
	/** va.vpn[level]: the index into that table. */
	index: number;
	/** tableAddr + index × PTESIZE. */
	pteAddr: number;
	/** The PTE value read, or null when the read itself faulted. */
	pte: number | null;
	decision: WalkDecision;
	/** The A/D update written to this PTE, if any (`ok` false: the write failed, an access fault). */
	adWrite: { before: number; after: number; ok: boolean } | null;
}

export class WalkRecord {
	scheme = '';
	va = 0;
	access: Access = 0;
	priv: Privilege = 0;
	rootPpn = 0;
	steps: WalkStep[] = [];
	ok = false;
	paddr = 0;
	/** Leaf flags with the effective G bit, when ok. */
	perms = 0;
	cause = 0;
	reason: WalkFaultReason | null = null;

	begin(scheme: string, va: number, access: Access, priv: Privilege, rootPpn: number): void {
		this.scheme = scheme;
		this.va = va;
		this.access = access;
		this.priv = priv;
		this.rootPpn = rootPpn;
		this.steps = [];
		this.ok = false;
		this.paddr = 0;
		this.perms = 0;
		this.cause = 0;
		this.reason = null;
	}

	step(
		level: number,
		tableAddr: number,
		index: number,
		pteAddr: number,
		pte: number | null,
		decision: WalkDecision
	): void {
		this.steps.push({ level, tableAddr, index, pteAddr, pte, decision, adWrite: null });
	}

	adWrite(before: number, after: number, ok: boolean): void {
		const last = this.steps[this.steps.length - 1];
		if (last) last.adWrite = { before, after, ok };
	}

	finishOk(paddr: number, perms: number): void {
		this.ok = true;
		this.paddr = paddr;
		this.perms = perms;
	}

	finishFault(cause: number, reason: WalkFaultReason): void {
		this.ok = false;
		this.cause = cause;
		this.reason = reason;
	}

	/** Number of PTE reads the walk made (the cost a viz or a cycle model charges). */
	get memoryReads(): number {
		return this.steps.length;
	}

	/** True when the fault, if any, is a page fault rather than an access fault. */
	get isPageFault(): boolean {
		return !this.ok && (PAGE_FAULT_CAUSE as readonly number[]).includes(this.cause);
	}

	/** A plain, structured-clone-able copy (for events, snapshots and the worker boundary). */
	toJSON() {
		return {
			scheme: this.scheme,
			va: this.va,
			access: this.access,
			priv: this.priv,
			rootPpn: this.rootPpn,
			steps: this.steps.map((s) => ({ ...s, adWrite: s.adWrite && { ...s.adWrite } })),
			ok: this.ok,
			paddr: this.paddr,
			perms: this.perms,
			cause: this.cause,
			reason: this.reason
		};
	}
}

const hex = (n: number, digits = 8) => `0x${n.toString(16).padStart(digits, '0')}`;
const ACCESS_NAMES = ['fetch', 'load', 'store'];
const PRIV_NAMES = ['U', 'S', '?', 'M'];

/**
 * One line per walk, for `--mem-trace` and logs, e.g.
 * `Sv32 load S va=0x00402abc: L1 [0x080000004]=0x20000401 -------v next; L0 [0x080001008]=0x20048cc7
 * da---wrv leaf; pa=0x080123abc` (physical addresses in 9 hex digits: Sv32 reaches 2^34).
 */
export function formatWalkRecord(r: WalkRecord): string {
	const steps = r.steps.map((s) => {
		const value = s.pte === null ? '(no access)' : `${hex(s.pte)} ${pteFlagString(s.pte)}`;
		const ad = s.adWrite
			? ` A/D ${hex(s.adWrite.before)}→${hex(s.adWrite.after)}${s.adWrite.ok ? '' : ' failed'}`
			: '';
		return `L${s.level} [${hex(s.pteAddr, 9)}]=${value} ${s.decision}${ad}`;
	});
	const end = r.ok ? `pa=${hex(r.paddr, 9)}` : `fault cause ${r.cause} (${r.reason})`;
	const head = `${r.scheme} ${ACCESS_NAMES[r.access]} ${PRIV_NAMES[r.priv]} va=${hex(r.va)}`;
	return `${head}: ${[...steps, end].join('; ')}`;
}

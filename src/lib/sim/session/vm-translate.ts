/**
 * Two-stage address translation as a student looks at it, without changing anything: a guest-virtual
 * address through the guest's own Sv32 tables to a guest-physical one, that through the VM's guest map
 * to a host-physical frame, and beside both the shadow entry the real MMU walks for the same address.
 * Every read goes through side-effect-free PTE memories: no A/D bit is set and no frame is allocated
 * (a guest page not yet backed reads as the zero page it will be given on first touch).
 */
import {
	PRIV_S,
	PRIV_U,
	SV32,
	WalkRecord,
	pageWalk,
	type Access,
	type Privilege,
	type PteMemory
} from '../mmu';
import type { Hypervisor } from '../hv/hypervisor';
import { VS, type VirtualCsrs } from '../hv/vcpu';
import type { Vm } from '../hv/vm';
import type { PageWalkView, TwoStageView, VmMemoryView } from './types';
import { liveCsrs, liveHart, liveVmode } from './vm-views';

const SUM = 1 << 18;
const MXR = 1 << 19;

/** Guest-physical PTE reads through the guest map; writes (A/D updates) are dropped. */
function guestPtes(vm: Vm): PteMemory {
	return {
		readPte: (gpa) => {
			if (!vm.map.isRam(gpa, 4)) return undefined;
			const page = vm.map.lookup(gpa);
			return page < 0 ? 0 : vm.map.frames.word(page + (gpa & 0xfff)) | 0;
		},
		writePte: () => true
	};
}

function hostPtes(hv: Hypervisor): PteMemory {
	return {
		readPte: (pa) => (hv.frames.frameOf(pa) < 0 ? undefined : hv.frames.word(pa) | 0),
		writePte: () => true
	};
}

function recorded(r: WalkRecord): PageWalkView {
	return {
		va: r.va >>> 0,
		access: r.access,
		ok: r.ok,
		paddr: r.paddr,
		cause: r.cause,
		steps: r.steps.map((s) => ({ level: s.level, pteAddr: s.pteAddr, pte: s.pte, decision: s.decision }))
	};
}

/** Translate `va` for one vCPU of one VM as it stands now; null when there is no such vCPU. */
export function translateVm(
	hv: Hypervisor,
	vmId: number,
	vcpu: number,
	va: number,
	access: Access = 1
): TwoStageView | null {
	const vm = hv.vmList[vmId];
	const cpu = vm?.s.vcpus[vcpu];
	if (!vm || !cpu) return null;
	const csr: VirtualCsrs = liveCsrs(hv, vm, cpu);
	const vmodeNow = liveVmode(vm, cpu, liveHart(hv, vm, cpu));
	const vmode = vmodeNow === VS ? 'vS' : 'vU';
	va >>>= 0;

	// Stage 1: the guest's table, at the guest's privilege, under its SUM and MXR.
	let guest: PageWalkView | null = null;
	let gpa: number | null = va;
	let cause = 0;
	if (csr.satp < 0) {
		const rec = new WalkRecord();
		const req = {
			scheme: SV32,
			rootPpn: csr.satp & 0x3f_ffff,
			priv: (vmode === 'vS' ? PRIV_S : PRIV_U) as Privilege,
			sum: (csr.sstatus & SUM) !== 0,
			mxr: (csr.sstatus & MXR) !== 0,
			adMode: 'hardware' as const,
			memory: guestPtes(vm)
		};
		pageWalk(req, va, access, rec);
		guest = recorded(rec);
		gpa = rec.ok ? rec.paddr : null;
		cause = rec.ok ? 0 : rec.cause;
	}

	// Stage 2: the guest map (the hypervisor's own Sv32x4 table), without backing a page.
	let hpa: number | null = null;
	let owner: number | null = null;
	const inRam = gpa !== null && vm.map.isRam(gpa);
	if (gpa !== null && inRam) {
		const page = vm.map.lookup(gpa);
		if (page >= 0) {
			hpa = page + (gpa & 0xfff);
			owner = hv.frames.ownerOf(hpa);
		}
	}

	// What the real MMU walks: this vCPU's shadow for its current virtual mode.
	const tvm = vm.s.technique === 'tvm';
	const sh = cpu.shadows[tvm ? VS : vmodeNow];
	let shadow: PageWalkView | null = null;
	if (sh.root >= 0) {
		const rec = new WalkRecord();
		pageWalk(
			{
				scheme: SV32,
				rootPpn: sh.root / 4096,
				priv: tvm && vmode === 'vS' ? PRIV_S : PRIV_U,
				sum: tvm && (csr.sstatus & SUM) !== 0,
				mxr: (csr.sstatus & MXR) !== 0,
				adMode: 'hardware',
				memory: hostPtes(hv)
			},
			va,
			access,
			rec
		);
		shadow = recorded(rec);
	}
	return {
		vm: vmId,
		vcpu,
		vmode,
		va,
		access,
		guest,
		guestCause: cause,
		gpa,
		gpaInRam: inRam,
		hpa,
		owner,
		shadowRoot: sh.root,
		shadow
	};
}

/**
 * Bytes of a VM's memory, read-only: guest-physical, or guest-virtual through vCPU `vcpu`'s current
 * translation when it is given. `mapped[i]` says whether byte i resolved to guest RAM (else it reads 0).
 */
export function readVm(
	hv: Hypervisor,
	vmId: number,
	addr: number,
	length: number,
	vcpu?: number
): VmMemoryView | null {
	const vm = hv.vmList[vmId];
	if (!vm || (vcpu !== undefined && !vm.s.vcpus[vcpu])) return null;
	const bytes = new Uint8Array(length);
	const mapped: boolean[] = new Array(length).fill(false);
	const ram = hv.frames.ram;
	for (let done = 0; done < length;) {
		const at = (addr + done) >>> 0;
		const n = Math.min(length - done, 4096 - (at & 0xfff));
		const gpa = vcpu === undefined ? at : (translateVm(hv, vmId, vcpu, at, 1)?.gpa ?? null);
		if (gpa !== null && vm.map.isRam(gpa, n)) {
			const page = vm.map.lookup(gpa);
			if (page >= 0) {
				const off = page + (gpa & 0xfff) - ram.base;
				bytes.set(ram.u8.subarray(off, off + n), done);
			}
			mapped.fill(true, done, done + n);
		}
		done += n;
	}
	return { vm: vmId, addr: addr >>> 0, virtual: vcpu !== undefined, bytes, mapped };
}

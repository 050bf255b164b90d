/**
 * The layer drawing driven by a running scenario: which layer each hart is executing now, and the
 * last VM exit drawn as a round trip from the guest layer it left down to the hypervisor and back,
 * labelled with its reason. Pure functions of the layout and a LiveStack, so the rules are unit-tested
 * and LayerStack.svelte only renders them.
 */
import type { PlacedLayer, StackLayout } from './stack';

/** Where one hart is: in a guest's kernel (vS) or applications (vU), or in the hypervisor (idle). */
export interface HartPlace {
	hart: number;
	guest: number | null;
	level: 'applications' | 'kernel' | 'hypervisor';
}

export interface LiveExit {
	guest: number;
	from: 'applications' | 'kernel';
	/** What the guest did: `csrw satp, a0`, `ecall from vU`, `timer`. */
	label: string;
	/** What the hypervisor did about it: "emulated", "reflected to the guest kernel". */
	outcome: string;
	/** Counted exits so far, so a change of the same label is still seen as a new exit. */
	serial: number;
}

export interface LiveStack {
	/** The VMs' names, by guest column. */
	names: string[];
	harts: HartPlace[];
	exit: LiveExit | null;
}

export interface HartBadge {
	hart: number;
	layerId: string;
	x: number;
	y: number;
	label: string;
}

export interface ExitArrow {
	/** Down from the guest layer into the hypervisor, and back up beside it. */
	down: string;
	up: string;
	labelX: number;
	labelY: number;
	/** The opaque pill behind the label. */
	pillX: number;
	pillWidth: number;
	/** The label, shortened to fit its column (the summary has it whole). */
	label: string;
}

export interface LiveMarks {
	executing: Set<string>;
	badges: HartBadge[];
	arrow: ExitArrow | null;
	/** The text alternative: where each hart is, and the last exit. */
	summary: string;
}

const BADGE_WIDTH = 62;
const CHAR_WIDTH = 8.4;

function layerOf(layout: StackLayout, kind: string, guest: number | null): PlacedLayer | undefined {
	return layout.layers.find((l) => l.kind === kind && (l.guest === null || l.guest === guest));
}

const LEVEL_WORDS = {
	applications: 'applications (vU)',
	kernel: 'guest kernel (vS)',
	hypervisor: 'hypervisor'
};

export function liveMarks(layout: StackLayout, live: LiveStack): LiveMarks {
	const executing = new Set<string>();
	const badges: HartBadge[] = [];
	const perLayer = new Map<string, number>();
	const where: string[] = [];
	for (const p of live.harts) {
		const layer = layerOf(layout, p.level, p.guest);
		if (!layer) continue;
		executing.add(layer.id);
		const k = perLayer.get(layer.id) ?? 0;
		perLayer.set(layer.id, k + 1);
		badges.push({
			hart: p.hart,
			layerId: layer.id,
			x: layer.x + layer.width - (BADGE_WIDTH + 4) * (k + 1),
			y: layer.y + 4,
			label: `hart ${p.hart}`
		});
		const owner = p.guest === null ? '' : `${live.names[p.guest] ?? `VM ${p.guest + 1}`}'s `;
		where.push(
			p.level === 'hypervisor'
				? `hart ${p.hart} is in the hypervisor, idle`
				: `hart ${p.hart} runs ${owner}${LEVEL_WORDS[p.level]}`
		);
	}
	let arrow: ExitArrow | null = null;
	let exitText = 'No VM exit yet.';
	const e = live.exit;
	if (e) {
		const from = layerOf(layout, e.from, e.guest);
		const hv = layerOf(layout, 'hypervisor', null);
		if (from && hv) {
			const mid = from.x + from.width / 2;
			const top = from.y + from.height - 2; // from the layer's lower edge, clear of its name
			const bottom = hv.y + hv.height / 2;
			const left = mid - 10;
			const right = mid + 10;
			// The label sits on the virtual hardware, the interface the exit crosses, in an opaque pill
			// (mono 14px: about 8.4 units a character), cut with an ellipsis to fit the column.
			const vh = layerOf(layout, 'virtual-hardware', e.guest);
			const room = Math.max(3, Math.floor((from.width - 16) / CHAR_WIDTH));
			const text = e.label.length > room ? `${e.label.slice(0, room - 1)}…` : e.label;
			const width = text.length * CHAR_WIDTH + 14;
			arrow = {
				down: `M${left},${top} L${left},${bottom}`,
				up: `M${right},${bottom} L${right},${top}`,
				labelX: mid,
				labelY: vh ? vh.y + vh.height / 2 : (hv.y + from.y + from.height) / 2,
				pillX: mid - width / 2,
				pillWidth: width,
				label: text
			};
		}
		const name = live.names[e.guest] ?? `VM ${e.guest + 1}`;
		exitText = `Last exit: ${name}'s ${e.from === 'kernel' ? 'guest kernel' : 'applications'} did ${e.label}; the hypervisor ${e.outcome}.`;
	}
	const summary = `${where.length ? capitalise(where.join('; ')) + '.' : ''} ${exitText}`.trim();
	return { executing, badges, arrow, summary };
}

function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

export const HART_BADGE_WIDTH = BADGE_WIDTH;

/**
 * The layered model of a computer (DESIGN.md, "The layered model") as data: which layers a drawing
 * shows, where each one sits, and how the keyboard moves between them. Pure TypeScript, so the drawing
 * component only renders and the rules here can be unit-tested.
 */
import { scaleBand } from 'd3';

export type LayerKind = 'hardware' | 'hypervisor' | 'virtual-hardware' | 'kernel' | 'system' | 'applications';

/** "bare": one computer. "virtual": a hypervisor on the hardware, running several guests. */
export type StackView = 'bare' | 'virtual';

/** What every layer of one kind is and what it offers the layer above it. */
export interface LayerKindInfo {
	name: string;
	/** For narrow drawings, where guest columns are too thin for the full name. */
	short: string;
	/** One or two sentences a student reads when the layer is highlighted. */
	does: string;
	/** The interface this layer offers upward. */
	offers: string;
}

export const LAYER_KINDS: Record<LayerKind, LayerKindInfo> = {
	hardware: {
		name: 'Hardware',
		short: 'Hardware',
		does: 'The processor, memory and devices. The processor runs instructions one after another and traps to the most privileged software when something needs attention.',
		offers: 'the instruction set: instructions, registers, a memory map with devices at fixed addresses, and traps'
	},
	hypervisor: {
		name: 'Hypervisor',
		short: 'Hypervisor',
		does: 'Also called the virtual machine monitor. It owns the real hardware and shares its processor time, memory and devices among the virtual machines, the way a kernel shares them among programs.',
		offers: 'to every guest, a virtual machine with its own copy of the hardware interface'
	},
	'virtual-hardware': {
		name: 'Virtual hardware',
		short: 'Virtual HW',
		does: 'What the guest kernel runs on. The hypervisor builds it from slices of the real machine, so it has the same instructions, registers, memory map and devices as the bare hardware.',
		offers: 'an interface identical to the bare hardware, so an unmodified kernel runs on it'
	},
	kernel: {
		name: 'Kernel',
		short: 'Kernel',
		does: 'The core of the operating system, with more privilege than the programs above it. It shares the processor and memory among programs, drives the devices, and keeps programs from touching each other.',
		offers: 'system calls: files, processes, memory, time, network'
	},
	system: {
		name: 'System programs',
		short: 'System',
		does: 'The shell, libraries, compilers and utilities that come with the operating system. They run unprivileged, like any program, and turn system calls into convenient tools.',
		offers: 'commands and library functions'
	},
	applications: {
		name: 'Applications',
		short: 'Apps',
		does: 'The programs people use: an editor, a browser, your own code. They see only the layers beneath them through those layers’ interfaces.',
		offers: 'whatever their users need'
	}
};

export interface PlacedLayer {
	/** Stable and unique within one drawing: "kernel", "vm2-kernel". */
	id: string;
	kind: LayerKind;
	/** 0 is the bottom (hardware). */
	level: number;
	/** The guest index in the virtual view, or null for a layer that spans the whole width. */
	guest: number | null;
	/** What the box says, and what a screen reader announces for it. */
	label: string;
	/** The privilege it runs with, as the left margin shows it; null for hardware. */
	privilege: string | null;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** A note in the drawing's margin: an interface between two levels, or the privilege a level runs at. */
export interface MarginNote {
	label: string;
	x: number;
	y: number;
}

export interface StackLayout {
	view: StackView;
	guests: number;
	width: number;
	height: number;
	layers: PlacedLayer[];
	/** Whether the margins hold privilege and interface notes. */
	margins: boolean;
	/** The layers' horizontal extent; the margins either side hold the notes. */
	stackX: number;
	stackWidth: number;
	/** Where each guest's "VM n" heading goes, above its column. */
	guestLabels: { guest: number; label: string; x: number; y: number }[];
	/** Right margin: the interface each boundary carries, at the boundary. */
	interfaces: MarginNote[];
	/** Left margin: the privilege each level runs with. */
	privileges: MarginNote[];
}

const BARE_LEVELS: LayerKind[] = ['hardware', 'kernel', 'system', 'applications'];
const SHARED_LEVELS: LayerKind[] = ['hardware', 'hypervisor'];
const GUEST_LEVELS: LayerKind[] = ['virtual-hardware', 'kernel', 'system', 'applications'];

/**
 * The interface offered across the boundary above each level, by view. The virtual view leaves the
 * hypervisor's upper boundary unlabelled: what it offers is the virtual hardware drawn right there.
 */
const INTERFACES: Record<StackView, (string | null)[]> = {
	bare: ['ISA', 'system calls', 'libraries, commands'],
	virtual: ['ISA', null, 'the same ISA', 'system calls', 'libraries, commands']
};

/** RISC-V privilege per level (priv. spec 1.12 §1.2): the kernel in S mode, programs in U mode. */
const PRIVILEGES: Record<StackView, (string | null)[]> = {
	bare: [null, 'S mode', 'U mode', 'U mode'],
	virtual: [null, 'most privileged', null, 'less privileged', 'U mode', 'U mode']
};

export const MARGIN_LEFT = 130;
export const MARGIN_RIGHT = 170;

export const MIN_GUESTS = 1;
export const MAX_GUESTS = 4;

export function guestName(guest: number): string {
	return `VM ${guest + 1}`;
}

/** Lays out the stack in a width × height box (SVG user units), bottom layer at the bottom. */
export interface LayoutOptions {
	/** Width in SVG user units. */
	width?: number;
	levelHeight?: number;
	/** Leave room either side for the privilege and interface notes; off for narrow screens. */
	margins?: boolean;
}

/** The default drawing: 800 units wide with both margins, scaled to its container by the viewBox. */
export const WIDE: Required<LayoutOptions> = { width: 800, levelHeight: 52, margins: true };

export function layoutStack(view: StackView, guests = 3, options: LayoutOptions = {}): StackLayout {
	const { width, levelHeight, margins } = { ...WIDE, ...options };
	if (!Number.isInteger(guests) || guests < MIN_GUESTS || guests > MAX_GUESTS) {
		throw new RangeError(`guests must be an integer from ${MIN_GUESTS} to ${MAX_GUESTS}, got ${guests}`);
	}
	const kinds = view === 'bare' ? BARE_LEVELS : [...SHARED_LEVELS, ...GUEST_LEVELS];
	const headerSpace = view === 'virtual' ? 28 : 0;
	const height = kinds.length * levelHeight + headerSpace;
	const levels = kinds.map((_, i) => i);
	// Level 0 at the bottom: the band for level i counts down from the bottom edge.
	const y = scaleBand<number>().domain(levels).range([height, headerSpace]).paddingInner(0.14);
	const stackX = margins ? MARGIN_LEFT : 0;
	const stackWidth = width - (margins ? MARGIN_LEFT + MARGIN_RIGHT : 0);
	const columns = scaleBand<number>()
		.domain(Array.from({ length: guests }, (_, g) => g))
		.range([stackX, stackX + stackWidth])
		.paddingInner(0.06);

	const layers: PlacedLayer[] = [];
	kinds.forEach((kind, level) => {
		const info = LAYER_KINDS[kind];
		const top = y(level) ?? 0;
		const spansAll = view === 'bare' || level < SHARED_LEVELS.length;
		if (spansAll) {
			layers.push({
				id: kind,
				kind,
				level,
				guest: null,
				label: info.name,
				privilege: PRIVILEGES[view][level],
				x: stackX,
				y: top,
				width: stackWidth,
				height: y.bandwidth()
			});
			return;
		}
		for (let guest = 0; guest < guests; guest++) {
			layers.push({
				id: `vm${guest + 1}-${kind}`,
				kind,
				level,
				guest,
				label: `${guestName(guest)} ${info.name.toLowerCase()}`,
				privilege: PRIVILEGES[view][level],
				x: columns(guest) ?? 0,
				y: top,
				width: columns.bandwidth(),
				height: y.bandwidth()
			});
		}
	});

	const guestLabels =
		view === 'virtual'
			? Array.from({ length: guests }, (_, guest) => ({
					guest,
					label: guestName(guest),
					x: (columns(guest) ?? 0) + columns.bandwidth() / 2,
					y: headerSpace - 9
				}))
			: [];

	// A boundary sits in the gap between level i and level i + 1.
	const gap = y.step() - y.bandwidth();
	const interfaces = INTERFACES[view].flatMap((label, level) =>
		!margins || label === null || level + 1 >= kinds.length
			? []
			: [{ label, x: stackX + stackWidth + 12, y: (y(level) ?? 0) - gap / 2 }]
	);
	const privileges = PRIVILEGES[view].flatMap((label, level) =>
		!margins || label === null ? [] : [{ label, x: stackX - 12, y: (y(level) ?? 0) + y.bandwidth() / 2 }]
	);

	return {
		view,
		guests,
		width,
		height,
		margins,
		stackX,
		stackWidth,
		layers,
		guestLabels,
		interfaces,
		privileges
	};
}

/** Reading order for assistive technology and the DOM: top to bottom, then left to right. */
export function readingOrder(layers: PlacedLayer[]): PlacedLayer[] {
	return [...layers].sort((a, b) => b.level - a.level || (a.guest ?? 0) - (b.guest ?? 0));
}

export type Move = 'up' | 'down' | 'left' | 'right' | 'top' | 'bottom';

/** The keys the drawing handles, and the move each one makes. */
export const KEY_MOVES: Record<string, Move> = {
	ArrowUp: 'up',
	ArrowDown: 'down',
	ArrowLeft: 'left',
	ArrowRight: 'right',
	Home: 'top',
	End: 'bottom'
};

/**
 * The layer a keyboard move lands on. Up and down go through the stack; left and right move between
 * guests on the same level. `column` remembers which guest to enter when moving up from a shared layer.
 * Returns the current layer when the move leads nowhere (no wrap-around: the edges are real edges).
 */
export function moveFrom(layers: PlacedLayer[], current: PlacedLayer, move: Move, column = 0): PlacedLayer {
	const at = (level: number, guest: number | null) =>
		layers.find((l) => l.level === level && (l.guest === null || guest === null || l.guest === guest));
	const guest = current.guest ?? column;
	const top = Math.max(...layers.map((l) => l.level));
	switch (move) {
		case 'up':
			return at(current.level + 1, guest) ?? current;
		case 'down':
			return at(current.level - 1, guest) ?? current;
		case 'top':
			return at(top, guest) ?? current;
		case 'bottom':
			return at(0, guest) ?? current;
		case 'left':
		case 'right': {
			if (current.guest === null) return current;
			const target = current.guest + (move === 'left' ? -1 : 1);
			return layers.find((l) => l.level === current.level && l.guest === target) ?? current;
		}
	}
}

/** How a margin's privilege label reads inside a sentence. */
const PRIVILEGE_PHRASES: Record<string, string> = {
	'most privileged': 'the most privileged mode',
	'less privileged': 'a less privileged mode than on the bare machine'
};

/** The sentence the text alternative gives for a highlighted layer. */
export function describeLayer(layer: PlacedLayer): string {
	const info = LAYER_KINDS[layer.kind];
	const runs = layer.privilege ? ` Runs in ${PRIVILEGE_PHRASES[layer.privilege] ?? layer.privilege}.` : '';
	return `${layer.label}. ${info.does}${runs} Offers the layer above: ${info.offers}.`;
}

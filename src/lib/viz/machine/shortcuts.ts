/**
 * The playground's keyboard shortcuts: one table that the key handler, the buttons'
 * aria-keyshortcuts and the help overlay all read, so they cannot disagree.
 */
export type ControlAction =
	| 'step'
	| 'stepOver'
	| 'stepBack'
	| 'run'
	| 'runToCursor'
	| 'reset'
	| 'breakpoint'
	| 'lineBreakpoint'
	| 'assemble'
	| 'help';

export interface Shortcut {
	readonly action: ControlAction;
	/** KeyboardEvent.key values, each with its modifiers. */
	readonly keys: readonly KeyCombo[];
	readonly description: string;
	/** Also when typing in the editor (only combinations that cannot be text). */
	readonly inEditor: boolean;
}

export interface KeyCombo {
	readonly key: string;
	readonly shift?: boolean;
	readonly ctrl?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
	{
		action: 'step',
		keys: [{ key: 'F10' }, { key: 's' }],
		description: 'Step one instruction',
		inEditor: false
	},
	{
		action: 'stepOver',
		keys: [{ key: 'n' }],
		description: 'Step over a call (run until it returns)',
		inEditor: false
	},
	{
		action: 'stepBack',
		keys: [{ key: 'S', shift: true }],
		description: 'Step back one instruction',
		inEditor: false
	},
	{ action: 'run', keys: [{ key: 'r' }], description: 'Run or pause', inEditor: false },
	{
		// Ctrl+F10 and F9 are the debuggers' keys (Visual Studio, VS Code) and are never text.
		action: 'runToCursor',
		keys: [{ key: 'F10', ctrl: true }],
		description: "Run to the editor cursor's line",
		inEditor: true
	},
	{
		action: 'reset',
		keys: [{ key: 'R', shift: true }],
		description: 'Reset to the loaded program',
		inEditor: false
	},
	{
		action: 'breakpoint',
		keys: [{ key: 'b' }],
		description: 'Set or clear a breakpoint at the focused disassembly row (else at pc)',
		inEditor: false
	},
	{
		action: 'lineBreakpoint',
		keys: [{ key: 'F9' }],
		description: "Set or clear a breakpoint on the editor cursor's line",
		inEditor: true
	},
	{
		action: 'assemble',
		keys: [{ key: 'Enter', ctrl: true }],
		description: 'Assemble and load',
		inEditor: true
	},
	{
		action: 'help',
		keys: [{ key: '?', shift: true }],
		description: 'Show these shortcuts',
		inEditor: false
	}
];

/** What a key press asks for, or undefined. `typing`: focus is in a text field or the editor. */
export function shortcutFor(
	e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
	typing: boolean
): ControlAction | undefined {
	if (e.altKey) return undefined;
	const ctrl = e.ctrlKey || e.metaKey;
	for (const s of SHORTCUTS) {
		if (typing && !s.inEditor) continue;
		for (const k of s.keys) {
			// '?' needs Shift on most layouts but not all: the key itself decides.
			const shiftMatches = k.key === '?' || !!k.shift === e.shiftKey;
			if (k.key === e.key && shiftMatches && !!k.ctrl === ctrl) return s.action;
		}
	}
	return undefined;
}

/** `Shift+S`, `Control+Enter`: the aria-keyshortcuts syntax (WAI-ARIA 1.2). */
export function ariaKeys(action: ControlAction): string {
	const s = SHORTCUTS.find((x) => x.action === action);
	if (!s) return '';
	return s.keys
		.map((k) =>
			[k.ctrl ? 'Control' : '', k.shift && k.key !== '?' ? 'Shift' : '', k.key]
				.filter(Boolean)
				.join('+')
		)
		.join(' ');
}

/** `F10 or s`, `Shift+S`: how the help overlay and tooltips write them. */
export function keyLabel(action: ControlAction): string {
	const s = SHORTCUTS.find((x) => x.action === action);
	if (!s) return '';
	return s.keys
		.map((k) =>
			[k.ctrl ? 'Ctrl' : '', k.shift && k.key !== '?' ? 'Shift' : '', k.key].filter(Boolean).join('+')
		)
		.join(' or ');
}

/**
 * The playground's key handler: which shortcut a key press asks for (shortcuts.ts), taking into
 * account where the focus is, and nothing while a dialog is open.
 */
import { shortcutFor, type ControlAction } from '$lib/viz/machine/shortcuts';

/** Focus in a text field or the editor: letters there are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
	const el = target as { closest?: (selector: string) => unknown } | null;
	return !!el?.closest?.('input, textarea, select, [contenteditable="true"], .cm-editor');
}

export function shortcutHandler(
	actions: Record<ControlAction, () => void>,
	blocked: () => boolean
): (event: KeyboardEvent) => void {
	return (event) => {
		if (event.defaultPrevented || blocked()) return;
		const action = shortcutFor(event, isTyping(event.target));
		if (!action) return;
		event.preventDefault();
		actions[action]();
	};
}

/** A KeyboardEvent's key and modifier fields, as the playground's shortcut functions read them. */
export const keyEvent = (
	key: string,
	mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}
) => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

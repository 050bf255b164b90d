/** The workspace's panels: side by side on wide screens, one at a time behind tabs on a phone. */
export type Panel = 'code' | 'registers' | 'memory' | 'console';

export const PANELS: readonly { id: Panel; label: string }[] = [
	{ id: 'code', label: 'Code' },
	{ id: 'registers', label: 'Registers' },
	{ id: 'memory', label: 'Memory' },
	{ id: 'console', label: 'Console' }
];

/** Attributes for a panel: a tab panel while tabs are shown (hidden unless chosen), else nothing. */
export function panelAttributes(panel: Panel, narrow: boolean, selected: Panel) {
	if (!narrow) return { 'data-panel': panel };
	return {
		'data-panel': panel,
		id: `panel-${panel}`,
		role: 'tabpanel',
		'aria-labelledby': `tab-${panel}`,
		hidden: panel !== selected
	};
}

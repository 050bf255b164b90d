/**
 * The functions "Run to function" offers: the loaded program's, then each user program's as
 * `program:function` (every user program has a `main`, all at user addresses, so the name says whose).
 * A breakpoint at a user address stops whichever process reaches it first: the status says whose.
 */
import type { Program } from '$lib/sim/isa/program';

export interface RunTarget {
	readonly name: string;
	readonly addr: number;
	/** The user program it belongs to (absent: the loaded program's own). */
	readonly user?: string;
}

function functions(program: Program): { name: string; addr: number }[] {
	return program.symbols
		.filter((sym) => sym.kind === 'func' && sym.name !== '')
		.map((sym) => ({ name: sym.name, addr: sym.addr }));
}

export function runTargets(program: Program | undefined, users: ReadonlyMap<string, Program>): RunTarget[] {
	const byName = (a: RunTarget, b: RunTarget) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
	const own = program ? functions(program).sort(byName) : [];
	const theirs = [...users].flatMap(([user, p]) =>
		functions(p)
			.map((f) => ({ name: `${user}:${f.name}`, addr: f.addr, user }))
			.sort(byName)
	);
	const seen = new Set<string>();
	return [...own, ...theirs].filter((t) => !seen.has(t.name) && !!seen.add(t.name));
}

/** The status line's words for how a step or a run ended. */
import type { RunResult } from '$lib/sim/session';
import { hex32 } from '$lib/viz/machine/format';

export function describeResult(r: RunResult, pc: number, verb: 'Stepped' | 'Ran'): string {
	const stop = r.stop;
	switch (r.reason) {
		case 'breakpoint':
			return `Stopped at the breakpoint at ${hex32(stop?.kind === 'breakpoint' ? stop.pc : pc)}.`;
		case 'exited':
			return stop?.kind === 'exited'
				? `The program exited with code ${stop.code}.`
				: 'The program has exited.';
		case 'reset':
			return 'The program asked the machine to reset.';
		case 'trap-loop':
			return `Stuck: a trap at ${hex32(stop?.kind === 'trap-loop' ? stop.pc : pc)} goes to a handler that traps again.`;
		case 'spin':
			return `Stopped: the instruction at ${hex32(stop?.kind === 'spin' ? stop.pc : pc)} jumps to itself (j .) and no interrupt can end the loop, so the program would never go on.`;
		case 'paused':
			return `Paused at ${hex32(pc)}.`;
		case 'not-loaded':
			return 'Not loaded yet: press Assemble & Load.';
		default:
			return `${verb}: the next instruction is at ${hex32(pc)}.`;
	}
}

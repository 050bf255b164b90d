/** Every generator by the name a definition uses. A later layer (VMs, scheduling, disks) adds its own here. */
import { privilegeGenerator } from './privilege';
import { scheduleGenerator } from './schedule';
import { sv32Generator } from './sv32';
import { traceGenerator } from './trace';
import { trapGenerator } from './trap-routing';
import type { Generator } from './types';

export const GENERATORS: Readonly<Record<string, Generator>> = Object.fromEntries(
	[sv32Generator, trapGenerator, traceGenerator, privilegeGenerator, scheduleGenerator].map((g) => [
		g.name,
		g
	])
);

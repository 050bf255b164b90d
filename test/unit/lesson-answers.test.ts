/**
 * Lesson 02's checkpoint answers, computed in-process by the same functions the page runs in a worker,
 * and confirmed another way: the instruction named by the first emulated exit is the one in the guest's
 * memory at the exit's pc; the system call's exit is reflected; the exit count over n guest
 * instructions is the difference of the VM's counters. Also the timeline's samples after stepping back.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	exitsIn,
	firstExit,
	firstPrivileged,
	firstSystemCall
} from '../../src/lib/lessons/checkpoints/scenario-answers';
import { disassemble } from '../../src/lib/sim/isa/disasm';
import { createLocalSession } from '../../src/lib/sim/session/local';
import { addSample } from '../../src/lib/viz/vm/exit-samples';

const DIR = 'content/lessons/02-trap-and-emulate';
const scenario = readFileSync(`${DIR}/scenario.yaml`, 'utf8');
const images = {
	'../../../static/guest/kernel.elf': new Uint8Array(readFileSync('static/guest/kernel.elf'))
};

async function session() {
	const s = createLocalSession();
	const r = await s.load({ scenario, images });
	expect(r.errors).toEqual([]);
	return s;
}

describe("lesson 02's checkpoints", () => {
	it('the first emulated instruction is the one in guest memory at the exit pc', async () => {
		const r = await firstPrivileged(await session(), 0);
		expect(r?.label).toMatch(/^csr/);
		const s = await session();
		const e = await firstExit(s, 0, (x) => x.reason === 'csr');
		const word = await s.vmMemory(0, e!.pc, 4, 0);
		const bits = new DataView(word!.bytes.buffer).getUint32(0, true);
		expect(disassemble(bits, e!.pc)).toBe(r!.label);
		expect(r!.before).toBeGreaterThan(0);
	});

	it("a guest user's system call is reflected to the guest kernel", async () => {
		const e = await firstSystemCall(await session(), 0);
		expect(e).toMatchObject({ reason: 'reflect', cause: 8, vmode: 0, vm: 0 });
	});

	it('exits in n guest instructions are counted by the VM', async () => {
		const n = await exitsIn(await session(), 0, 200_000);
		expect(n).toBeGreaterThan(0);
		const s = await session();
		await s.runUntil({ vm: 0, guestInstructions: 200_000 });
		const [alpha] = await s.vms();
		expect(Object.values(alpha.counters.exits).reduce((a, b) => a + b, 0)).toBe(n);
	});
});

describe('exit samples', () => {
	it('a sample at or before the last one rewrites what came after it', () => {
		let s = addSample([], { position: 10, exits: [1] });
		s = addSample(s, { position: 20, exits: [2] });
		s = addSample(s, { position: 30, exits: [5] });
		s = addSample(s, { position: 20, exits: [2] });
		expect(s.map((x) => x.position)).toEqual([10, 20]);
	});
});

/**
 * Lesson 04's checkpoint answers, computed in-process by the functions the page runs: they must tell
 * the story the lesson tells (minidisks carved out at start, the SSD's VMs far faster than the shared
 * hard disk's, gus the one to pause on a full thin d2 while fay holds her 32 blocks, the base image's
 * 16 blocks read by every clone, each clone owning the blocks it wrote).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';
import {
	atEnd,
	atFirstPause,
	blocksOf,
	mmioPerKib,
	vmId
} from '../../src/lib/lessons/checkpoints/disk-answers';

const DIR = 'content/lessons/04-three-disks-seven-machines';
const images = {
	'../../../static/guest/kernel.elf': new Uint8Array(readFileSync('static/guest/kernel.elf')),
	'base.img': new Uint8Array(readFileSync(`${DIR}/base.img`))
};

async function loaded(file: string): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load({ scenario: readFileSync(`${DIR}/${file}`, 'utf8'), images });
	expect(r.errors).toEqual([]);
	return s;
}

describe('lesson 04: three disks, seven machines', () => {
	it('minidisks: d0 has 32 blocks free at start; at the end fay on the SSD is over 50 times faster than ada', async () => {
		const s = await loaded('minidisks.yaml');
		expect(blocksOf((await s.disks())!, 'd0', -1)).toBe(32);
		const v = await atEnd(s);
		expect(v.vms.every((x) => x.status === 'shut-down')).toBe(true);
		const row = (n: string) => v.report.vms.find((x) => x.name === n)!;
		expect(row('fay').latencyP50).toBeLessThan(20_000);
		expect(row('ada').latencyP50).toBeGreaterThan(50 * row('fay').latencyP50);
		expect(await s.console()).not.toContain('FAIL');
	}, 120_000);

	it('thin: gus is the first to wait for space, when fay holds 32 of d2 blocks and d2 has none free', async () => {
		const { view, vm } = await atFirstPause(await loaded('thin.yaml'));
		expect(vm.name).toBe('gus');
		expect(vm.reason).toMatch(/^disk d2 is full/);
		expect(blocksOf(view, 'd2', vmId(view, 'fay'))).toBe(32);
		expect(blocksOf(view, 'd2', -1)).toBe(0);
	}, 120_000);

	it('clones: 16 base blocks on d0, and at the end ada owns 16 blocks of its own there', async () => {
		const s = await loaded('clones.yaml');
		expect(blocksOf((await s.disks())!, 'd0', -2)).toBe(16);
		const v = await atEnd(s);
		expect(blocksOf(v, 'd0', vmId(v, 'ada'))).toBe(16);
		expect(blocksOf(v, 'd0', -2)).toBe(16);
	}, 120_000);

	it('PIO against virtio: emul pays over 250 MMIO exits per KiB, para fewer than 2', async () => {
		const s = await loaded('pio-vs-virtio.yaml');
		const v = await atEnd(s);
		expect(v.vms.every((x) => x.status === 'shut-down')).toBe(true);
		const emul = await mmioPerKib(s, 'emul');
		const para = await mmioPerKib(s, 'para');
		expect(emul.kib).toBe(para.kib);
		expect(emul.perKib).toBeGreaterThan(250);
		expect(para.perKib).toBeLessThan(2);
		expect(await s.console()).toContain('[emul] diskcheck: OK');
	}, 120_000);
});

/**
 * Lesson 04's thin-provisioned host in a session: the disk map shows whose each block is, a VM paused
 * on a full disk says why, destroying another VM frees its blocks and the paused one runs on, and
 * stepping back over the destroy puts every block and the pause back.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { DiskMapView, Session } from '../../src/lib/sim/session/types';

const DIR = 'content/lessons/04-three-disks-seven-machines';
const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));

async function loaded(file: string): Promise<Session> {
	const s = createLocalSession();
	const scenario = readFileSync(`${DIR}/${file}`, 'utf8');
	const r = await s.load(
		{
			scenario,
			images: {
				'../../../static/guest/kernel.elf': kernel,
				'base.img': new Uint8Array(readFileSync(`${DIR}/base.img`))
			}
		},
		{ checkpointInterval: 2_000_000 }
	);
	expect(r).toMatchObject({ ok: true, errors: [] });
	return s;
}

const vm = (v: DiskMapView, name: string) => v.vms.find((x) => x.name === name)!;
const owned = (v: DiskMapView, disk: number, id: number) =>
	v.disks[disk].owners.filter((o) => o === id).length;

describe('disks in a session', () => {
	it('thin disks: gus pauses on a full d2; destroying fay frees its blocks; Back undoes it', async () => {
		const s = await loaded('thin.yaml');
		let v = (await s.disks())!;
		expect(v.disks.map((d) => [d.name, d.model, d.owners.length])).toEqual([
			['d0', 'hdd-7200', 96],
			['d1', 'hdd-7200', 64],
			['d2', 'sata-ssd', 40]
		]);
		expect(v.disks.every((d) => d.owners.every((o) => o === -1))).toBe(true);
		for (let i = 0; i < 80 && vm(v, 'gus').status !== 'paused'; i++) {
			await s.step(5_000_000);
			v = (await s.disks())!;
		}
		const gus = vm(v, 'gus');
		expect(gus).toMatchObject({ status: 'paused', waitingForSpace: true });
		expect(gus.reason).toMatch(/^disk d2 is full/);
		const fay = vm(v, 'fay').id;
		expect(owned(v, 2, fay)).toBe(32);
		expect(v.disks[2].owners.every((o) => o >= 0)).toBe(true);
		// A thin disk's map names the physical blocks its writes were given, on its own disk only.
		const fayDisk = v.vdisks.find((d) => d.vm === fay)!;
		expect(fayDisk.blocks.filter((b) => b >= 0).every((b) => v.disks[2].owners[b] === fay)).toBe(true);

		const before = await s.status();
		await s.vmOp(fay, 'destroy');
		const freed = (await s.disks())!;
		expect(owned(freed, 2, fay)).toBe(0);
		expect(vm(freed, 'fay').status).toBe('shut-down');
		for (let i = 0; i < 80 && vm((await s.disks())!, 'gus').status !== 'shut-down'; i++)
			await s.step(5_000_000);
		expect(vm((await s.disks())!, 'gus').status).toBe('shut-down');
		expect(await s.console()).toContain('[gus] diskbench: OK');

		// One step before the destroy (an edit at a position is part of the state there): fay's
		// blocks and gus's pause are back.
		await s.stepBack((await s.status()).position - before.position + 1);
		const back = (await s.disks())!;
		expect(owned(back, 2, fay)).toBe(32);
		expect(vm(back, 'gus')).toMatchObject({ status: 'paused', waitingForSpace: true });
		expect(back.disks.map((d) => d.owners)).toEqual(v.disks.map((d) => d.owners));
	}, 180_000);

	it('refuses a VM operation or I/O policy it cannot make', async () => {
		const s = await loaded('minidisks.yaml');
		await expect(s.vmOp(9, 'pause')).rejects.toThrow('no VM 9');
		await expect(s.setIoScheduler('lifo' as never)).rejects.toThrow(
			'I/O scheduler must be one of fifo, fair'
		);
		await s.setIoScheduler('fair');
		expect((await s.disks())!.policy).toBe('fair');
	});
});

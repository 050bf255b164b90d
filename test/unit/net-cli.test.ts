/**
 * `vmscope run --net user[,mac=M]`: the option's parsing and its errors, the slot after the disks,
 * and the generated device tree's virtio-mmio nodes for a machine whose only virtio device is a NIC.
 */
import { describe, expect, it } from 'vitest';
import { parseRunOptions, type RunOptions } from '../../src/lib/sim/cli/options';
import { generatedTree } from '../../src/lib/sim/cli/run';
import { Machine } from '../../src/lib/sim/machine/machine';

const run = (...a: string[]) => parseRunOptions(['k.elf', ...a]);

describe('--net', () => {
	it('takes user, with an optional MAC (normalised to lower case)', () => {
		expect((run('--net', 'user') as RunOptions).nics).toEqual([{ backend: 'user' }]);
		expect((run('--net=user,mac=52:54:00:AB:CD:EF') as RunOptions).nics).toEqual([
			{ backend: 'user', mac: '52:54:00:ab:cd:ef' }
		]);
		expect((run() as RunOptions).nics).toEqual([]);
	});

	it('says what is wrong with a bad value', () => {
		expect(run('--net')).toMatch(/--net expects user\[,mac=M\], got nothing/);
		expect(run('--net', 'tap')).toMatch(/the only network is 'user'/);
		expect(run('--net', 'user,model=e1000')).toMatch(/unknown option 'model=e1000'/);
		expect(run('--net', 'user,mac=52:54:00:12:34')).toMatch(/is not a MAC address/);
		expect(run('--net', 'user,mac=01:00:5e:00:00:01')).toMatch(/multicast/);
		expect(run('--net', 'user', '--net', 'user,mac=52:54:00:12:34:56')).toMatch(
			/two NICs with the MAC 52:54:00:12:34:56/
		);
	});

	it('the disks and NICs share the eight slots', () => {
		const disks = Array.from({ length: 7 }, (_, i) => ['--disk', `d${i}`]).flat();
		expect(typeof run(...disks, '--net', 'user')).toBe('object');
		expect(run(...disks, '--net', 'user', '--net', 'user')).toMatch(/at most 8 virtio-mmio slots/);
		expect(run('--net', 'user', ...disks, '--disk', 'd7')).toMatch(/at most 8 disks/);
	});

	it('a NIC alone maps the eight virtio slots, and the generated tree lists them', () => {
		const m = new Machine({ ramMiB: 1, nics: [{ backend: 'user' }, { backend: 'user' }] });
		expect(m.bus.read(0x1000_1008, 4)).toBe(1);
		expect(m.bus.read(0x1000_2008, 4)).toBe(1);
		expect(m.bus.read(0x1000_3008, 4)).toBe(0);
		expect(m.nets.map((l) => l.mac)).toEqual(['52:54:00:12:34:56', '52:54:00:12:34:57']);
		const opts = run('--net', 'user') as RunOptions;
		const tree = new TextDecoder('latin1').decode(
			generatedTree(opts, { base: 0x8000_0000, bytes: 1 << 20 }, undefined)
		);
		expect(tree).toContain('virtio_mmio@10001000');
		expect(tree).toContain('virtio_mmio@10008000');
		const bare = new TextDecoder('latin1').decode(
			generatedTree(run() as RunOptions, { base: 0x8000_0000, bytes: 1 << 20 }, undefined)
		);
		expect(bare).not.toContain('virtio_mmio');
	});

	it('two NICs with one MAC are refused by the machine too', () => {
		expect(
			() =>
				new Machine({
					ramMiB: 1,
					nics: [
						{ backend: 'user', mac: '52:54:00:00:00:01' },
						{ backend: 'user', mac: '52:54:00:00:00:01' }
					]
				})
		).toThrow(/two NICs have the MAC/);
	});
});

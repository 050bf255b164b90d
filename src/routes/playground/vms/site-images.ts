/**
 * Which guest images the site ships, and the check a pasted scenario goes through before it is run:
 * its YAML and fields (parseScenario, with each problem's path), then every image it names must be one
 * of the site's, by file name (a scenario written for the command line names them by path).
 */
import { parseScenario, ScenarioError, type ScenarioProblem } from '$lib/sim/scenario';

export const SITE_IMAGES: Record<string, string> = { 'kernel.elf': '/guest/kernel.elf' };

export type Checked =
	| { ok: true; name: string; vms: string[]; images: Record<string, string> }
	| { ok: false; problems: ScenarioProblem[] };

export function checkScenario(yaml: string): Checked {
	let scenario;
	try {
		scenario = parseScenario(yaml);
	} catch (e) {
		if (e instanceof ScenarioError) return { ok: false, problems: e.problems };
		return { ok: false, problems: [{ path: 'scenario', message: (e as Error).message }] };
	}
	const images: Record<string, string> = {};
	const problems: ScenarioProblem[] = [];
	scenario.vms.forEach((vm, i) => {
		const file = vm.image.slice(vm.image.lastIndexOf('/') + 1);
		const url = SITE_IMAGES[file];
		if (url) images[vm.image] = url;
		else
			problems.push({
				path: `vms[${i}].image`,
				message: `${vm.image}: the site has only ${Object.keys(SITE_IMAGES).join(', ')}`
			});
	});
	if (problems.length) return { ok: false, problems };
	return { ok: true, name: scenario.name, vms: scenario.vms.map((v) => v.name), images };
}

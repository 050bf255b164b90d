/**
 * Scenario files: one host machine and the VMs it runs, in YAML. parseScenario turns the text into a
 * checked Scenario with sizes in bytes and every default filled in; the hypervisor's host (hv/host.ts)
 * is built from that.
 */
export { parseScenario, ScenarioError, type ParseScenarioOptions, type ScenarioProblem } from './parse';
export { formatSize, GiB, KiB, MiB, parseSize } from './sizes';
export type { ExitCostName, Scenario, ScenarioFault, ScenarioVm, Technique } from './types';

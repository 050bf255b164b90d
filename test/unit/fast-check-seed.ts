/**
 * Every fast-check property in the unit tests runs from one seed, so a failure can be replayed: the
 * failure message fast-check prints names the seed and the counterexample's path. Set FC_SEED to
 * explore other seeds (`FC_SEED=123 npx vitest run test/unit/…`); CI uses the fixed default.
 */
import fc from 'fast-check';

export const DEFAULT_FC_SEED = 0x2026_1202;

const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : DEFAULT_FC_SEED;
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got '${fromEnv}'`);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
if (fromEnv !== undefined && fromEnv !== '') console.warn(`fast-check: seed ${seed} (from FC_SEED)`);

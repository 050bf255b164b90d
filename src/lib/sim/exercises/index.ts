/**
 * Exercises: seeded problem sets whose answers the simulator computes (issue #19). Definitions are
 * data (content/exercises/NN-slug/exercise.yaml); generators turn a seed into problems; answers.ts
 * checks responses; problem-set.ts ties them together. Import from here.
 */
export * from './answers';
export * from './definition';
export * from './generators';
export * from './prng';
export * from './problem-set';
export * from './types';
export { walkSetup, type Sv32Setup, type Sv32Walk } from './sv32-table';
export type { Sv32Data } from './sv32';

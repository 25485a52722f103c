import type { Phase } from './types.js';
import { hallPhase } from './hall.js';
import { licencesPhase } from './licences.js';
import { bundlesPhase } from './bundles.js';
import { scorecardsPhase } from './scorecards.js';

/** Bench phases in the order they run; one line per phase (see types.ts). */
export const phases: { name: string; run: Phase }[] = [
  { name: 'hall', run: hallPhase },
  { name: 'licences', run: licencesPhase },
  { name: 'bundles', run: bundlesPhase },
];

/**
 * Phases over the seeded cases (`--seed-cases N`, a small seed otherwise): they run after pgbench and
 * the seeding, against a second server on the same database with its background sweep off.
 */
export const seededPhases: { name: string; run: Phase }[] = [{ name: 'scorecards', run: scorecardsPhase }];

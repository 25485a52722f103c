import type { Phase } from './types.js';
import { hallPhase } from './hall.js';
import { licencesPhase } from './licences.js';
import { bundlesPhase } from './bundles.js';

/** Bench phases in the order they run; one line per phase (see types.ts). */
export const phases: { name: string; run: Phase }[] = [
  { name: 'hall', run: hallPhase },
  { name: 'licences', run: licencesPhase },
  { name: 'bundles', run: bundlesPhase },
];

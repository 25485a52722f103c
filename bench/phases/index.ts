import type { Phase } from './types.js';
import { hallPhase } from './hall.js';
import { licencesPhase } from './licences.js';

/** Bench phases in the order they run; one line per phase (see types.ts). */
export const phases: { name: string; run: Phase }[] = [
  { name: 'hall', run: hallPhase },
  { name: 'licences', run: licencesPhase },
];

/** The case (办件) lifecycle: pure rules shared by server and web. */
export * from './types.js';
export * from './machine.js';
export * from './abilities.js';
export * from './materials.js';
export * from './time.js';
export * from './timeline.js';
export * from './case-number.js';

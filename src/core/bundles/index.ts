export * from './types.js';
export * from './selection.js';
export * from './merge.js';
export * from './rules.js';
export * from './state.js';
export * from './diff.js';

/** 好差评: levels, tags, rules and the rectification's steps. */
export * from './levels.js';
export * from './rules.js';
export * from './complaints.js';
export * from './disclosure.js';

/** 电子监察: rules, severities and cards. */
export * from './rules.js';
export * from './orders.js';
export * from './events.js';
export * from './settings.js';
export * from './closing-rules.js';

/** Identifiers: checking, composing and masking. Pure, shared by server and web. */
export * from './credit-code.js';
export * from './id-number.js';
export * from './region-code.js';
export * from './base-code.js';
export * from './impl-code.js';
export * from './phone.js';
export * from './mask.js';
export * from './validators.js';

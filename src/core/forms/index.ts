/** Application forms (一表申请): one schema, one validation, one masking — for the web and the server. */
export * from './formats.js';
export * from './schema.js';
export * from './messages.js';
export * from './validate.js';
export * from './identity.js';
export * from './interpret.js';

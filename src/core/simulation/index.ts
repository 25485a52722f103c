/** The county-year simulation's pure half (ADR 0034): seeded draws, arrival schedule, case plans, the ledger. */
export * from './random.js';
export * from './county-year.js';
export * from './ledger.js';

/** 工作成绩单: the scorecard's figures, each defined once (docs/scorecards.md). */
export * from './figures.js';
export * from './facts.js';
export * from './rankings.js';
export * from './periods.js';
export * from './rollup.js';

/** Working-day calendar (工作日历): pure, shared by server and web. */
export * from './iso-date.js';
export * from './statutory-holidays.js';
export * from './year-arrangement.js';
export * from './built-in-years.js';
export * from './working-calendar.js';

/** The service hall (政务服务大厅): tickets, call order, appointments, wait estimates — pure rules. */
export * from './ticket-number.js';
export * from './call-order.js';
export * from './ticket-rules.js';
export * from './queue-model.js';
export * from './booking-rules.js';
export * from './wait-estimate.js';
export * from './figures.js';

export * from './common.js';
export * from './errors.js';
export * from './conversation.js';
export * from './http.js';
export * from './realtime.js';
export * from './queue-order.js';
export * from './services.js';

export * from './in-memory-conversation-store.js';
export * from './in-memory-staff-store.js';
export * from './fakes.js';
export * from './in-memory-audit-log.js';
export * from './in-memory-factor-store.js';
export * from './builders.js';
export * from './in-memory-service-store.js';
export * from './fake-postal-directory.js';

export * from './audit.js';
export * from './auth.js';
export * from './enterprise-journey.js';
export * from './jobs.js';
export * from './ledger.js';
export * from './notifications.js';
export * from './organisations.js';

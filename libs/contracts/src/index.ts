export * from './lib/error.contract';
export * from './lib/auth.contract';
export * from './lib/user.contract';
export * from './lib/user-rpc.contract';
export * from './lib/management.contract';
export * from './lib/health.contract';
export * from './lib/audit.contract';
export * from './lib/two-factor.contract';

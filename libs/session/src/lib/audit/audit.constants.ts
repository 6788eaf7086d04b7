// Injection tokens of the audit trail. Its Redis client stays inside the
// library, like the session store's.
export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');
export const AUDIT_REDIS = Symbol('AUDIT_REDIS');
export const AUDIT_SERVICE_NAME = Symbol('AUDIT_SERVICE_NAME');

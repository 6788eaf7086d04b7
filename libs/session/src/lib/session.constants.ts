// Injection tokens of libs/session. The raw client never leaves the library:
// services use SessionStore's named operations (and FailureCounterStore).
export const SESSION_OPTIONS = Symbol('SESSION_OPTIONS');
export const SESSION_REDIS = Symbol('SESSION_REDIS');

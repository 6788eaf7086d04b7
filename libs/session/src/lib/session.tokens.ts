export const SESSION_OPTIONS = Symbol('SESSION_OPTIONS');

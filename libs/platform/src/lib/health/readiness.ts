// A dependency that /ready reports on. `check` rejects when it is unreachable.
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

import type { SessionOptions } from './session.config';

// The key layout (docs/session-format.md): `sess:<id>` for a session,
// `user-sessions:<userId>` for the index of a user's sessions and
// `user-authz:<userId>` for the user's latest authorization versions.
export class SessionKeys {
  constructor(private readonly options: Pick<SessionOptions, 'keyPrefix' | 'userIndexPrefix' | 'userAuthzPrefix'>) {}

  session(id: string): string {
    return this.options.keyPrefix + id;
  }

  userIndex(userId: number): string {
    return this.options.userIndexPrefix + userId;
  }

  userAuthz(userId: number): string {
    return this.options.userAuthzPrefix + userId;
  }
}

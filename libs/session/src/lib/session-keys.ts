import type { SessionOptions } from './session.config';

// Key names, built once per process: `sess:<id>` for a session and
// `user-sessions:<userId>` for the set of a user's session ids.
export class SessionKeys {
  constructor(private readonly options: Pick<SessionOptions, 'keyPrefix' | 'userIndexPrefix'>) {}

  session(id: string): string {
    return this.options.keyPrefix + id;
  }

  userIndex(userId: number): string {
    return this.options.userIndexPrefix + userId;
  }
}

import { CreatedSession, SessionWriter, UserSessions } from '@session-mesh/session';
import type { UserDirectory } from '../user-directory/user-directory.service';
import { AuthServiceError } from '../auth-service.errors';

// How often a session write re-reads the user's authorization when it keeps
// changing underneath; each round needs a newer change to have landed.
const MAX_RECHECKS = 5;

export interface CatchUpDeps {
  users: UserDirectory;
  sessions: SessionWriter;
  userSessions: UserSessions;
}

// A session just written (login, re-authentication) is in the index now; a
// change of the user's roles that started meanwhile has either seen it there
// (and rewritten it) or raised the version read here. So whatever is read
// here, the session ends up with the current roles, or ends (password
// changed, user disabled) and the attempt is refused.
export async function catchUpWithChanges(deps: CatchUpDeps, created: CreatedSession, version: number): Promise<void> {
  const { userId } = created.session.user;
  let applied = version;
  for (let round = 0; round < MAX_RECHECKS; round++) {
    const state = await deps.userSessions.authzState(userId);
    if (state.revokeBelow > applied) return refuse(deps, created);
    if (state.version <= applied) return;
    const authorization = await deps.users.authorization(userId);
    if (!(await deps.userSessions.syncOne(authorization, created.session.id))) return refuse(deps, created);
    applied = authorization.authzVersion;
    if (authorization.roles) created.session.user.roles = authorization.roles;
    created.session.authzVersion = applied;
  }
  await refuse(deps, created);
}

async function refuse(deps: CatchUpDeps, created: CreatedSession): Promise<never> {
  await deps.sessions.revoke(created.session);
  throw new AuthServiceError('invalid_credentials', 'Wrong username or password');
}

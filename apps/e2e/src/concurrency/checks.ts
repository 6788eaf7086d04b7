import { HttpClient } from '../support/http-client';
import { MeshState } from '../support/mesh-state';
import { AuthorizationHistory, groupSet, Interval, pair } from './interleaving-model';
import { describeAction, IssuedSession, RunEvent, RunLog } from './scenario';
import { ADMINISTRATION_ROLES, GROUPS, ROLES, RoleName, storedPasswordIsOneOf, USERS, World } from './world';

// The role each write needs (the controllers' @Roles), and which writes the
// last-administrator guard may refuse with 409.
const REQUIRED_ROLE: Record<'assign' | 'groupRoles' | 'roleGroups' | 'disable' | 'enable', RoleName> = {
  assign: 'ASSIGN_USERS',
  groupRoles: 'CREATE_GROUP',
  roleGroups: 'CREATE_ROLE',
  disable: 'MANAGE_USERS',
  enable: 'MANAGE_USERS',
};
const GUARDED = new Set(['assign', 'groupRoles', 'roleGroups', 'disable']);
// Failed logins a known client may make before it gets 429 (LOGIN_MAX_FAILURES_PER_USERNAME).
const LOGIN_FAILURES_ALLOWED = 5;
// A login re-reads the user's authorization this often before giving up with
// 401 when it keeps changing (auth-service's LoginService MAX_RECHECKS).
const LOGIN_RECHECKS = 5;

// Status -> the error codes accepted with it (none for a success).
type Allowed = Map<number, readonly string[]>;
const SESSION_REFUSED = ['session_missing', 'session_invalid'];

// Which successful writes happened, as the model needs them.
export function authorizationHistory(world: World, events: readonly RunEvent[]): AuthorizationHistory {
  const groupIds = GROUPS.map((group) => world.groupIds[group]);
  const roleIds = ROLES.map((role) => world.roleIds[role]);
  const history = new AuthorizationHistory(groupIds, world.baseline);
  for (const event of events) {
    // Writes answer 200, a password change 204.
    if (event.status !== 200 && event.status !== 204) continue;
    const { action } = event;
    switch (action.kind) {
      case 'assign':
        history.assigned(
          world.userIds[action.user],
          action.groups.map((group) => world.groupIds[group]),
          event,
        );
        break;
      case 'groupRoles':
        history.groupRolesSet(
          world.groupIds[action.group],
          roleIds,
          action.roles.map((role) => world.roleIds[role]),
          event,
        );
        break;
      case 'roleGroups':
        history.roleGroupsSet(
          world.roleIds[action.role],
          action.groups.map((group) => world.groupIds[group]),
          event,
        );
        break;
      case 'disable':
      case 'enable':
        history.disabledSet(world.userIds[action.user], action.kind === 'disable', event);
        break;
      case 'password':
        history.passwordChanged(event.userId, event.password as string, event);
        break;
      case 'logout':
      case 'login':
      case 'me':
        break;
    }
  }
  return history;
}

// Every answer must be one that some interleaving of the run explains; never 5xx.
export function checkAnswers(world: World, log: RunLog, history: AuthorizationHistory): string[] {
  const violations: string[] = [];
  const clients = new Set(log.events.map((event) => event.client));
  for (const client of clients) {
    // The known client's failed-login count, as a set of what it may be.
    let failures = new Set([0]);
    for (const event of log.events.filter((e) => e.client === client)) {
      let allowed: Allowed;
      if (event.action.kind === 'login') {
        ({ allowed, failures } = loginAnswers(world, event, history, failures));
      } else {
        allowed = sessionAnswers(world, event, history);
      }
      const codes = allowed.get(event.status);
      if (!codes || (codes.length > 0 && !codes.includes(event.code ?? ''))) {
        violations.push(
          `${describeEvent(log, event)}: got ${event.status} ${event.code ?? ''}, expected one of ` +
            [...allowed].map(([status, c]) => (c.length ? `${status} ${c.join('|')}` : `${status}`)).join(', '),
        );
      }
      if (event.roles) violations.push(...checkShownRoles(world, log, event, history));
    }
  }
  return violations;
}

function loginAnswers(
  world: World,
  event: RunEvent,
  history: AuthorizationHistory,
  failures: Set<number>,
): { allowed: Allowed; failures: Set<number> } {
  const allowed: Allowed = new Map();
  const disabled = history.disabled(event.userId, event);
  const passwords = history.passwordsDuring(event.userId, firstPassword(world, event.userId), event);
  // The credentials may pass (enabled, the password tried is current) or fail.
  const mayPass = disabled.includes(false) && passwords.includes(event.password as string);
  const mayFail = disabled.includes(true) || passwords.some((password) => password !== event.password);
  const limited = [...failures].some((count) => count >= LOGIN_FAILURES_ALLOWED);
  const free = [...failures].some((count) => count < LOGIN_FAILURES_ALLOWED);
  if (limited) allowed.set(429, ['too_many_requests']);
  if (free && mayPass) allowed.set(200, []);
  // Refused: wrong credentials, or too many changes raced the login.
  if (free && (mayFail || history.changesDuring(event) >= LOGIN_RECHECKS)) allowed.set(401, ['invalid_credentials']);
  let next: Set<number>;
  if (event.status === 200) next = new Set([0]);
  else if (event.status === 429) next = new Set([...failures].filter((count) => count >= LOGIN_FAILURES_ALLOWED));
  else {
    // Wrong credentials count a failure; a login refused after its
    // credentials passed (a racing change) has cleared the count instead.
    next = new Set(mayPass ? [0] : []);
    if (mayFail) for (const count of failures) if (count < LOGIN_FAILURES_ALLOWED) next.add(count + 1);
  }
  return { allowed, failures: next.size > 0 ? next : new Set([0]) };
}

function firstPassword(world: World, userId: number): string {
  return USERS.find((user) => world.userIds[user.name] === userId)?.password ?? '';
}

function sessionAnswers(world: World, event: RunEvent, history: AuthorizationHistory): Allowed {
  const allowed: Allowed = new Map();
  const { session, action, userId } = event;
  const mayBeLive = session !== null && !history.isRevoked(userId, session, event);
  const mayBeDead = session === null || history.mayBeRevoked(userId, session, event);
  if (mayBeDead) allowed.set(401, SESSION_REFUSED);
  if (!mayBeLive) return allowed;
  switch (action.kind) {
    case 'me':
      allowed.set(200, []);
      break;
    case 'logout':
    case 'password':
      allowed.set(204, []);
      break;
    case 'assign':
    case 'groupRoles':
    case 'roleGroups':
    case 'disable':
    case 'enable': {
      const role = world.roleIds[REQUIRED_ROLE[action.kind]];
      if (history.mayHold(userId, role, event)) {
        const unknown = action.kind === 'assign' && action.unknownGroup;
        allowed.set(unknown ? 400 : 200, unknown ? ['group_not_found'] : []);
        if (GUARDED.has(action.kind) && !unknown) allowed.set(409, ['last_administrator']);
      }
      if (history.mayLack(userId, role, event)) allowed.set(403, ['role_missing']);
      break;
    }
    case 'login':
      break;
  }
  return allowed;
}

// GET /auth/me mid-run: each role shown must be one the user may hold, each
// role missing one the user may lack, during that request.
function checkShownRoles(world: World, log: RunLog, event: RunEvent, history: AuthorizationHistory): string[] {
  const shown = event.roles ?? [];
  const violations: string[] = [];
  for (const role of ROLES) {
    const id = world.roleIds[role];
    if (shown.includes(role) && !history.mayHold(event.userId, id, event)) {
      violations.push(`${describeEvent(log, event)}: the session shows ${role}, which no state of that moment grants`);
    }
    if (!shown.includes(role) && !history.mayLack(event.userId, id, event)) {
      violations.push(
        `${describeEvent(log, event)}: the session lacks ${role}, which every state of that moment grants`,
      );
    }
  }
  for (const role of shown) {
    if (!(ROLES as readonly string[]).includes(role))
      violations.push(`${describeEvent(log, event)}: unknown role ${role}`);
  }
  return violations;
}

// Once settled: the database holds what one order of the successful writes
// leaves, an enabled administrator remains, and every session (in Redis, and
// as its cookie is answered through the gateway) has exactly the roles the
// database gives its user now; none survives a disable or a password change.
export async function checkSettled(
  world: World,
  log: RunLog,
  history: AuthorizationHistory,
  state: MeshState,
  gateway: string,
): Promise<string[]> {
  const violations: string[] = [];
  const users = await state.users();
  const grants = await state.grants();
  const name = (userId: number) => users.get(userId)?.username ?? `user ${userId}`;

  const administrators = [...users.values()].filter(
    (user) => !user.disabled && ADMINISTRATION_ROLES.every((role) => user.roles.includes(role)),
  );
  if (administrators.length === 0) violations.push('no enabled user holds every administration role');

  for (const userId of Object.values(world.userIds)) {
    const user = users.get(userId);
    if (!user) {
      violations.push(`${name(userId)} is gone`);
      continue;
    }
    const candidates = history.finalGroupSets(userId);
    if (!candidates.includes(groupSet(user.groupIds))) {
      violations.push(`${user.username} ends in groups ${groupSet(user.groupIds)}, none of ${candidates.join(' ')}`);
    }
    if (!history.finalDisabled(userId).includes(user.disabled)) {
      violations.push(
        `${user.username} ends ${user.disabled ? 'disabled' : 'enabled'}, which no order of the writes leaves`,
      );
    }
    if (history.passwordChanges(userId) > 0) {
      const candidates = history.finalPasswords(userId, firstPassword(world, userId));
      if (!(await storedPasswordIsOneOf(state, userId, candidates))) {
        violations.push(`${user.username}'s stored password is none of [${candidates.join(', ')}]`);
      }
    }
  }
  for (const group of GROUPS) {
    for (const role of ROLES) {
      const key = pair(world.groupIds[group], world.roleIds[role]);
      if (!history.finalGrant(world.groupIds[group], world.roleIds[role]).includes(grants.has(key))) {
        violations.push(`${group} ${grants.has(key) ? 'holds' : 'lacks'} ${role}, which no order of the writes leaves`);
      }
    }
  }

  for (const session of await state.sessions()) {
    const user = users.get(session.userId);
    const which = `session ${session.id.slice(0, 8)} of ${name(session.userId)}`;
    if (!user) {
      violations.push(`${which}: the user does not exist`);
      continue;
    }
    if (user.disabled) violations.push(`${which}: alive although the user is disabled`);
    if (session.authzVersion < user.minSessionVersion) {
      violations.push(
        `${which}: alive from before a password change or disable (version ${session.authzVersion} < ${user.minSessionVersion})`,
      );
    }
    if (!sameRoles(session.roles, user.roles)) {
      violations.push(`${which}: roles [${session.roles.join(',')}], the database gives [${user.roles.join(',')}]`);
    }
    if (session.authzVersion !== user.authzVersion) {
      violations.push(`${which}: at authorization version ${session.authzVersion}, the user's is ${user.authzVersion}`);
    }
    if (!session.indexed) violations.push(`${which}: missing from its user's index`);
  }

  // Every cookie handed out, as the mesh answers it now.
  const answers = await Promise.all(
    log.sessions.map((issued) => new HttpClient(gateway).get('/auth/me', { cookie: issued.cookie })),
  );
  log.sessions.forEach((issued, i) => {
    const me = answers[i];
    const user = users.get(issued.userId);
    const which = `the session ${issued.client} got at +${Math.round(issued.login.end - log.origin)}ms`;
    const mustBeDead = mustHaveEnded(issued, history, user?.disabled ?? true);
    if (me.status === 200) {
      if (mustBeDead) violations.push(`${which} still works, though ${mustBeDead}`);
      const roles = me.json['user']?.['roles'] as string[];
      if (user && !sameRoles(roles, user.roles)) {
        violations.push(`${which} answers roles [${roles.join(',')}], the database gives [${user.roles.join(',')}]`);
      }
    } else if (me.status !== 401) {
      violations.push(`${which}: GET /auth/me answered ${me.status} ${me.text}`);
    }
  });
  return violations;
}

function mustHaveEnded(issued: IssuedSession, history: AuthorizationHistory, disabledNow: boolean): string | undefined {
  if (issued.ended === 'logout') return 'it logged out';
  if (issued.ended === 'password') return 'its user changed the password after it was created';
  if (issued.ended === 'refused') return 'it was refused before';
  if (disabledNow) return 'its user is disabled';
  const settled: Interval = { start: Infinity, end: Infinity };
  if (history.isRevoked(issued.userId, issued.login, settled)) return 'its user was disabled after it was created';
  return undefined;
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

export function describeEvent(log: RunLog, event: RunEvent): string {
  const at = (ms: number) => Math.round(ms - log.origin);
  return `[+${at(event.start)}..${at(event.end)}ms] ${event.client}${event.baseline ? ' (baseline)' : ''}: ${describeAction(event.action)}`;
}

// The whole run, one request a line in the order they were sent.
export function timeline(log: RunLog): string {
  return [...log.events]
    .sort((a, b) => a.start - b.start)
    .map((event) => `  ${describeEvent(log, event)} -> ${event.status} ${event.code ?? ''}`)
    .join('\n');
}

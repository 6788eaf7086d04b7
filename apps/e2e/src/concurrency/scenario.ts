import fc from 'fast-check';
import { HttpClient, Json } from '../support/http-client';
import { Interval } from './interleaving-model';
import { CLIENTS, GROUPS, GroupName, ROLES, RoleName, USERS, UserName, World } from './world';

// One scenario: for each of CLIENTS, the steps it takes (with its own cookie
// jar) one after another; all clients run at once.
export type Action =
  | { kind: 'assign'; user: UserName; groups: GroupName[]; unknownGroup: boolean }
  | { kind: 'groupRoles'; group: GroupName; roles: RoleName[] }
  | { kind: 'roleGroups'; role: RoleName; groups: GroupName[] }
  | { kind: 'disable'; user: UserName }
  | { kind: 'enable'; user: UserName }
  | { kind: 'password' }
  | { kind: 'logout' }
  | { kind: 'login' }
  | { kind: 'me' };

export interface Step {
  // A pause before the request, so the clients' requests interleave differently.
  pauseMs: number;
  action: Action;
}

export interface Scenario {
  clients: Step[][];
}

const userName = fc.constantFrom(...USERS.map((user) => user.name));
const groupNames = fc.subarray([...GROUPS]);

const writes = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('assign' as const),
      user: userName,
      groups: groupNames,
      // One in ten names a group that does not exist: 400, nothing changes.
      unknownGroup: fc.nat({ max: 9 }).map((n) => n === 9),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('groupRoles' as const),
      group: fc.constantFrom(...GROUPS),
      roles: fc.subarray([...ROLES]),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('roleGroups' as const),
      role: fc.constantFrom(...ROLES),
      groups: groupNames,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disable' as const), user: userName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('enable' as const), user: userName }) },
);

const own = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'login' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'me' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'logout' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'password' as const }) },
);

// Without the password: what eve, who only knows an old one, does.
const withOldPassword = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'login' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'me' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'logout' as const }) },
);

const step = (action: fc.Arbitrary<Action>): fc.Arbitrary<Step> => fc.record({ pauseMs: fc.nat({ max: 30 }), action });

// Administrators mostly write; the others mostly log in, out, check who they
// are and change passwords (and get 403 for writes, unless promoted meanwhile).
export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.record({
  clients: fc.tuple(
    ...CLIENTS.map((client) => {
      const actions = !client.owner
        ? withOldPassword
        : client.user.startsWith('admin')
          ? fc.oneof({ weight: 3, arbitrary: writes }, { weight: 2, arbitrary: own })
          : fc.oneof({ weight: 1, arbitrary: writes }, { weight: 3, arbitrary: own });
      return fc.array(step(actions), { minLength: 1, maxLength: 6 });
    }),
  ),
});

// One answered request.
export interface RunEvent extends Interval {
  client: string;
  userId: number;
  action: Action;
  // A login: the password it tried; a password change: the new password.
  password: string | undefined;
  status: number;
  code: string | undefined;
  // GET /auth/me: the roles the session showed.
  roles: string[] | undefined;
  // The login (its interval) that created the session the request carried,
  // as the client knows it: null when it has none it believes live.
  session: Interval | null;
  // The run's baseline login, before the scenario's steps.
  baseline: boolean;
}

// A session some login handed out during the run.
export interface IssuedSession {
  client: string;
  userId: number;
  cookie: string;
  login: Interval;
  // Why the client knows it must have ended (its own logout, its own password
  // change, or a 401 it got with it).
  ended: 'logout' | 'password' | 'refused' | undefined;
}

export interface RunLog {
  origin: number;
  events: RunEvent[];
  sessions: IssuedSession[];
}

export class ScenarioClient {
  private readonly http: HttpClient;
  private password: string;
  private passwordChanges = 0;
  private session: IssuedSession | null = null;

  private readonly user: (typeof USERS)[number];

  constructor(
    private readonly client: (typeof CLIENTS)[number],
    private readonly world: World,
    gateway: string,
    private readonly log: RunLog,
  ) {
    this.http = new HttpClient(gateway);
    this.user = USERS.find((user) => user.name === client.user) as (typeof USERS)[number];
    this.password = this.user.password;
  }

  private get userId(): number {
    return this.world.userIds[this.user.name];
  }

  async baselineLogin(): Promise<RunEvent> {
    return this.perform({ kind: 'login' }, true);
  }

  async run(steps: Step[]): Promise<void> {
    for (const { pauseMs, action } of steps) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await this.perform(action, false);
    }
  }

  private async perform(action: Action, baseline: boolean): Promise<RunEvent> {
    const session = this.session;
    const newPassword = `${this.client.name} password ${this.passwordChanges + 1}`;
    const start = performance.now();
    let response: { status: number; json: Json | undefined };
    try {
      response = await this.send(action, newPassword);
    } catch (error) {
      response = { status: 0, json: { code: `no answer: ${(error as Error).message}` } };
    }
    const end = performance.now();
    const event: RunEvent = {
      client: this.client.name,
      userId: this.userId,
      action,
      password: action.kind === 'login' ? this.password : action.kind === 'password' ? newPassword : undefined,
      start,
      end,
      status: response.status,
      code: typeof response.json?.['code'] === 'string' ? response.json['code'] : undefined,
      roles:
        action.kind === 'me' && response.status === 200 ? (response.json?.['user']?.['roles'] as string[]) : undefined,
      session: session && session.login,
      baseline,
    };
    this.log.events.push(event);
    this.follow(event, newPassword);
    return event;
  }

  // What the client now knows of its session and password.
  private follow(event: RunEvent, newPassword: string): void {
    const { action, status } = event;
    if (action.kind === 'login') {
      if (status !== 200) return;
      const cookie = this.http.sessionCookie;
      if (!cookie) throw new Error(`${this.client.name}: a 200 login without a session cookie`);
      this.session = { client: this.client.name, userId: this.userId, cookie, login: event, ended: undefined };
      this.log.sessions.push(this.session);
      return;
    }
    if (!this.session) return;
    if (status === 401) {
      this.session.ended ??= 'refused';
      this.session = null;
    } else if (action.kind === 'logout' && status === 204) {
      this.session.ended = 'logout';
      this.session = null;
    } else if (action.kind === 'password' && status === 204) {
      // Every session of the user ends, not only this one.
      for (const issued of this.log.sessions) if (issued.userId === this.userId) issued.ended ??= 'password';
      this.password = newPassword;
      this.passwordChanges++;
      this.session = null;
    }
  }

  private send(action: Action, newPassword: string) {
    const { userIds, groupIds, roleIds } = this.world;
    switch (action.kind) {
      case 'login':
        return this.http.post('/user/login', { username: this.user.username, password: this.password });
      case 'me':
        return this.http.get('/auth/me');
      case 'logout':
        return this.http.post('/auth/logout');
      case 'password':
        return this.http.post('/user/password', { currentPassword: this.password, newPassword });
      case 'assign':
        return this.http.post('/user/assign', {
          userId: userIds[action.user],
          groupIds: [...action.groups.map((group) => groupIds[group]), ...(action.unknownGroup ? [UNKNOWN_ID] : [])],
        });
      case 'groupRoles':
        return this.http.request('PUT', `/groups/${groupIds[action.group]}/roles`, {
          roleIds: action.roles.map((role) => roleIds[role]),
        });
      case 'roleGroups':
        return this.http.request('PUT', `/roles/${roleIds[action.role]}/groups`, {
          groupIds: action.groups.map((group) => groupIds[group]),
        });
      case 'disable':
      case 'enable':
        return this.http.post(`/users/${userIds[action.user]}/${action.kind}`);
    }
  }
}

export const UNKNOWN_ID = 999_999;

// A request as one line of a failure report.
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'assign':
      return `assign ${action.user} -> [${action.groups.join(',')}${action.unknownGroup ? ',<unknown>' : ''}]`;
    case 'groupRoles':
      return `roles of ${action.group} -> [${action.roles.join(',')}]`;
    case 'roleGroups':
      return `groups of ${action.role} -> [${action.groups.join(',')}]`;
    case 'disable':
    case 'enable':
      return `${action.kind} ${action.user}`;
    case 'password':
    case 'logout':
    case 'login':
    case 'me':
      return action.kind;
  }
}

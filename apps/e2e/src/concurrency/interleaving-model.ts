// What a history of concurrent HTTP requests may have seen, from the clients'
// clocks alone. A request takes effect at one unknown moment between when it
// was sent and when its answer arrived (the services commit, and bring live
// sessions up to date, before they answer). One effect is certainly later than
// another only if its request was sent after the other's answer arrived.
// Every status a client got must be explained by some state the mesh may have
// been in during that request; nothing else is accepted.

export interface Interval {
  start: number;
  end: number;
}

export interface Write<V> extends Interval {
  value: V;
}

// The values an entity may have held at some moment of `window`, given the
// writes that succeeded on it: the baseline until a write has certainly
// landed, and every write that started before the window ended and was not
// certainly overwritten (by a write sent after its answer) before it began.
export function possibleValues<V>(baseline: V, writes: readonly Write<V>[], window: Interval): V[] {
  const values: V[] = [];
  if (!writes.some((write) => write.end < window.start)) values.push(baseline);
  for (const write of writes) {
    if (write.start >= window.end) continue;
    const overwritten = writes.some((later) => later.start > write.end && later.end < window.start);
    if (!overwritten) values.push(write.value);
  }
  return values;
}

// Once every write has answered.
const SETTLED: Interval = { start: Infinity, end: Infinity };

// The authorization model of the mesh: users are in groups, groups hold
// roles, a user's roles are the union over their groups. Each membership
// (user, group) and each grant (group, role) is a boolean entity: a
// replace-a-set request writes every pair on its side (true if listed, false
// otherwise), whichever side it comes from.
export class AuthorizationHistory {
  private readonly members = new Map<string, Write<boolean>[]>();
  // A user's whole group set, as each assign request left it (ids sorted, joined).
  private readonly groupSets = new Map<number, Write<string>[]>();
  private readonly grants = new Map<string, Write<boolean>[]>();
  private readonly disables = new Map<number, Write<boolean>[]>();
  private readonly passwords = new Map<number, Write<string>[]>();
  // Per user, the writes that end every session created before them
  // (disabling, changing the password).
  private readonly endings = new Map<number, Interval[]>();
  private readonly all: Interval[] = [];

  constructor(
    readonly groupIds: readonly number[],
    private readonly baseline: {
      groupsOf: ReadonlyMap<number, readonly number[]>;
      grants: ReadonlySet<string>;
    },
  ) {}

  assigned(userId: number, groupIds: readonly number[], at: Interval): void {
    for (const groupId of this.groupIds) {
      push(this.members, pair(userId, groupId), { ...at, value: groupIds.includes(groupId) });
    }
    push(this.groupSets, userId, { ...at, value: groupSet(groupIds) });
    this.all.push(at);
  }

  groupRolesSet(groupId: number, allRoleIds: readonly number[], roleIds: readonly number[], at: Interval): void {
    for (const roleId of allRoleIds)
      push(this.grants, pair(groupId, roleId), { ...at, value: roleIds.includes(roleId) });
    this.all.push(at);
  }

  roleGroupsSet(roleId: number, groupIds: readonly number[], at: Interval): void {
    for (const groupId of this.groupIds) {
      push(this.grants, pair(groupId, roleId), { ...at, value: groupIds.includes(groupId) });
    }
    this.all.push(at);
  }

  disabledSet(userId: number, disabled: boolean, at: Interval): void {
    push(this.disables, userId, { ...at, value: disabled });
    if (disabled) push(this.endings, userId, at);
    this.all.push(at);
  }

  passwordChanged(userId: number, password: string, at: Interval): void {
    push(this.passwords, userId, { ...at, value: password });
    push(this.endings, userId, at);
    this.all.push(at);
  }

  member(userId: number, groupId: number, window: Interval): boolean[] {
    const baseline = this.baseline.groupsOf.get(userId)?.includes(groupId) ?? false;
    return possibleValues(baseline, this.members.get(pair(userId, groupId)) ?? [], window);
  }

  grant(groupId: number, roleId: number, window: Interval): boolean[] {
    const key = pair(groupId, roleId);
    return possibleValues(this.baseline.grants.has(key), this.grants.get(key) ?? [], window);
  }

  // Whether some state of `window` gives the user the role (through some group).
  mayHold(userId: number, roleId: number, window: Interval): boolean {
    return this.groupIds.some(
      (groupId) =>
        this.member(userId, groupId, window).includes(true) && this.grant(groupId, roleId, window).includes(true),
    );
  }

  // Whether some state of `window` leaves the user without the role. Judged
  // per group, so it may accept a 403 no single state explains; never the
  // reverse (a sound over-approximation: it never rejects a right answer).
  mayLack(userId: number, roleId: number, window: Interval): boolean {
    return this.groupIds.every(
      (groupId) =>
        this.member(userId, groupId, window).includes(false) || this.grant(groupId, roleId, window).includes(false),
    );
  }

  disabled(userId: number, window: Interval): boolean[] {
    return possibleValues(false, this.disables.get(userId) ?? [], window);
  }

  // The passwords the user may have had during `window`.
  passwordsDuring(userId: number, baseline: string, window: Interval): string[] {
    return possibleValues(baseline, this.passwords.get(userId) ?? [], window);
  }

  // A session created by `login` may have been ended (a disable or a password
  // change) by the end of `window`.
  mayBeRevoked(userId: number, login: Interval, window: Interval): boolean {
    return (this.endings.get(userId) ?? []).some((write) => write.start < window.end && write.end > login.start);
  }

  // ... and certainly was: the ending write was sent after the login answered
  // and answered before `window` began.
  isRevoked(userId: number, login: Interval, window: Interval): boolean {
    return (this.endings.get(userId) ?? []).some((write) => write.start > login.end && write.end < window.start);
  }

  // How many successful authorization changes overlap `window`.
  changesDuring(window: Interval): number {
    return this.all.filter((write) => write.start < window.end && write.end > window.start).length;
  }

  // The group sets the user may end with: the baseline or one request's set exactly.
  finalGroupSets(userId: number): string[] {
    return possibleValues(
      groupSet(this.baseline.groupsOf.get(userId) ?? []),
      this.groupSets.get(userId) ?? [],
      SETTLED,
    );
  }

  finalGrant(groupId: number, roleId: number): boolean[] {
    return this.grant(groupId, roleId, SETTLED);
  }

  finalDisabled(userId: number): boolean[] {
    return this.disabled(userId, SETTLED);
  }

  finalPasswords(userId: number, baseline: string): string[] {
    return this.passwordsDuring(userId, baseline, SETTLED);
  }

  passwordChanges(userId: number): number {
    return this.passwords.get(userId)?.length ?? 0;
  }
}

export function pair(a: number, b: number): string {
  return `${a}:${b}`;
}

export function groupSet(groupIds: readonly number[]): string {
  return `[${[...groupIds].sort((a, b) => a - b).join(',')}]`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

import { Client } from 'pg';
import { createClient } from 'redis';

// What the mesh holds, read straight from its Postgres and Redis (not through
// the services), to compare the sessions with the database they come from.

export interface UserState {
  id: number;
  username: string;
  disabled: boolean;
  authzVersion: number;
  minSessionVersion: number;
  groupIds: number[];
  // The union of the roles of the user's groups, sorted.
  roles: string[];
}

export interface StoredSession {
  // The Redis key's id part: sha256 of the token.
  id: string;
  userId: number;
  roles: string[];
  authzVersion: number;
  createdAt: number;
  // Whether the user's index (`user-sessions:<userId>`) lists it: a session
  // missing there would escape role updates and "log out everywhere".
  indexed: boolean;
}

const SESSION_PREFIX = 'sess:';
const USER_INDEX_PREFIX = 'user-sessions:';

export class MeshState {
  private constructor(
    readonly db: Client,
    readonly redis: ReturnType<typeof createClient>,
  ) {}

  static async connect(databaseUrl: string, redisUrl: string): Promise<MeshState> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    return new MeshState(db, redis);
  }

  // Every user with their roles, in one statement (one snapshot).
  async users(): Promise<Map<number, UserState>> {
    const { rows } = await this.db.query<UserState>(`
      SELECT u.id, u.username, u."disabledAt" IS NOT NULL AS disabled, u."authzVersion", u."minSessionVersion",
             COALESCE((SELECT array_agg(ug."groupId" ORDER BY ug."groupId") FROM "UserGroup" ug
                        WHERE ug."userId" = u.id), '{}') AS "groupIds",
             COALESCE((SELECT array_agg(DISTINCT r.name ORDER BY r.name) FROM "UserGroup" ug
                        JOIN "GroupRole" gr ON gr."groupId" = ug."groupId" JOIN "Role" r ON r.id = gr."roleId"
                        WHERE ug."userId" = u.id), '{}') AS roles
      FROM "User" u ORDER BY u.id`);
    return new Map(rows.map((row) => [row.id, row]));
  }

  // Group-role links as `groupId:roleId`.
  async grants(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ groupId: number; roleId: number }>(
      'SELECT "groupId", "roleId" FROM "GroupRole"',
    );
    return new Set(rows.map((row) => `${row.groupId}:${row.roleId}`));
  }

  // Outbox rows auth-service has not confirmed yet.
  async pendingSessionSyncs(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "SessionSync"');
    return rows[0].n;
  }

  // Waits until every change has reached the sessions (the outbox is empty);
  // false if it is not by the deadline.
  async outboxDrained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.pendingSessionSyncs()) > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return true;
  }

  // Every session record in Redis (GET, not GETEX: reading is no activity).
  async sessions(): Promise<StoredSession[]> {
    const keys: string[] = [];
    for await (const batch of this.redis.scanIterator({ MATCH: `${SESSION_PREFIX}*`, COUNT: 1000 })) {
      keys.push(...batch);
    }
    const sessions: StoredSession[] = [];
    for (const key of keys) {
      const raw = await this.redis.get(key);
      if (raw === null) continue;
      const record = JSON.parse(raw) as Omit<StoredSession, 'id' | 'indexed'>;
      const id = key.slice(SESSION_PREFIX.length);
      const indexed = (await this.redis.hExists(`${USER_INDEX_PREFIX}${record.userId}`, id)) === 1;
      sessions.push({
        id,
        userId: record.userId,
        roles: record.roles,
        authzVersion: record.authzVersion,
        createdAt: record.createdAt,
        indexed,
      });
    }
    return sessions;
  }

  async close(): Promise<void> {
    await this.db.end();
    this.redis.destroy();
  }
}

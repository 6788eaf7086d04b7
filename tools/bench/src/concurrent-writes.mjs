// `node tools/bench/src/concurrent-writes.mjs`: issue 13's "What was found" 1,
// measured again through the gateway. Starts its own mesh on free ports (a
// private redis-server, a fresh Postgres database, the three built apps),
// logs the seed admin in six times (six admins, each with its own session),
// then fires, all at once:
//   60 x POST /user/assign        for one user, groupIds [1,2] and [2] alternating
//   30 x PUT  /groups/:id/roles   for one group, roleIds  [1,2] and [2] alternating
//   30 x PUT  /roles/:id/groups   for one role,  groupIds [1,2] and [2] alternating
// and counts the answers by status. After each batch the rows must equal one
// of the requests' sets. Exits 1 on any 5xx or other status than 200, or rows
// that no single request left.
// Options: --rounds N (1): the three batches N times. --json: one JSON line.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PG_SERVER, startBenchMesh } from './mesh.mjs';
import { Processes } from './processes.mjs';

const { values: cli } = parseArgs({
  options: { rounds: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } },
});
const ROUNDS = Number(cli.rounds);
const ADMINS = 6;

const logDir = mkdtempSync(join(os.tmpdir(), 'session-mesh-concurrent-writes-'));
const procs = new Processes(logDir);
const dbName = `bench_writes_${process.pid}_${Date.now()}`;
/** @type {pg.Client | undefined} */
let admin;
/** @type {pg.Client | undefined} */
let db;
const log = (message) => {
  if (!cli.json) console.log(message);
};

// One request through the gateway; the status and, for errors, the code.
async function send(gateway, method, path, body, cookie) {
  const response = await fetch(gateway + path, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let code;
  try {
    code = JSON.parse(text).code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code, text, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
}

async function expectOk(what, pending) {
  const answer = await pending;
  if (answer.status < 200 || answer.status > 299) throw new Error(`${what}: ${answer.status} ${answer.text}`);
  return answer;
}

// All requests of a batch at once, request i from admin i % ADMINS; the
// answers counted by status (and error code).
async function batch(gateway, cookies, count, request) {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const { method, path, body } = request(i);
      return send(gateway, method, path, body, cookies[i % cookies.length]);
    }),
  );
  const byStatus = {};
  for (const { status, code } of answers) {
    const key = status >= 400 && code ? `${status} ${code}` : String(status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  return byStatus;
}

/**
 * The ids a query returns, as "1,2".
 * @param {string} sql
 * @param {unknown[]} params
 */
const ids = async (sql, params) => {
  const { rows } = await db.query(sql, params);
  return rows.map((row) => row.id).join(',');
};
const SETS = ['1,2', '2'];

async function main() {
  const { gateway, databaseUrl } = await startBenchMesh({ procs, logDir, dbName });
  admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  log(`mesh up (logs in ${logDir})`);

  const cookies = [];
  for (let i = 0; i < ADMINS; i++) {
    const login = await expectOk(
      'admin login',
      send(gateway, 'POST', '/user/login', { username: 'admin', password: 'admin' }),
    );
    cookies.push(login.cookie);
  }
  const setup = cookies[0];
  const target = await expectOk(
    'register',
    send(gateway, 'POST', '/user', { username: 'race@example.com', password: 'correct horse' }),
  );
  const userId = JSON.parse(target.text).id;
  const groupId = JSON.parse(
    (await expectOk('group', send(gateway, 'POST', '/groups', { name: 'Race' }, setup))).text,
  ).id;
  const roleId = JSON.parse((await expectOk('role', send(gateway, 'POST', '/roles', { name: 'RACE' }, setup))).text).id;
  // The user is in the group, so every change of the group's roles moves the user's authorization
  // version too; the role goes to Admin and Manager, so its changes update the six admin sessions live.
  await expectOk('member', send(gateway, 'POST', '/user/assign', { userId, groupIds: [groupId] }, setup));

  const alternate = (i) => (i % 2 === 0 ? [1, 2] : [2]);
  const results = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const assign = await batch(gateway, cookies, 60, (i) => ({
      method: 'POST',
      path: '/user/assign',
      body: { userId, groupIds: alternate(i) },
    }));
    const userGroups = await ids('SELECT "groupId" AS id FROM "UserGroup" WHERE "userId" = $1 ORDER BY 1', [userId]);
    const groupRoles = await batch(gateway, cookies, 30, (i) => ({
      method: 'PUT',
      path: `/groups/${groupId}/roles`,
      body: { roleIds: alternate(i) },
    }));
    const groupRoleRows = await ids('SELECT "roleId" AS id FROM "GroupRole" WHERE "groupId" = $1 ORDER BY 1', [
      groupId,
    ]);
    const roleGroups = await batch(gateway, cookies, 30, (i) => ({
      method: 'PUT',
      path: `/roles/${roleId}/groups`,
      body: { groupIds: alternate(i) },
    }));
    const roleGroupRows = await ids('SELECT "groupId" AS id FROM "GroupRole" WHERE "roleId" = $1 ORDER BY 1', [roleId]);
    results.push(
      { round, request: '60 x POST /user/assign', answers: assign, finalRows: userGroups },
      { round, request: `30 x PUT /groups/${groupId}/roles`, answers: groupRoles, finalRows: groupRoleRows },
      { round, request: `30 x PUT /roles/${roleId}/groups`, answers: roleGroups, finalRows: roleGroupRows },
    );
  }

  const failures = results.flatMap((result) => [
    ...Object.keys(result.answers)
      .filter((status) => status !== '200')
      .map((status) => `round ${result.round}, ${result.request}: ${result.answers[status]} answered ${status}`),
    ...(SETS.includes(result.finalRows)
      ? []
      : [`round ${result.round}, ${result.request}: rows [${result.finalRows}]`]),
  ]);
  if (cli.json) {
    console.log(JSON.stringify({ admins: ADMINS, results, failures }));
  } else {
    console.log(`${ADMINS} admin sessions, through the gateway; requests sent all at once per line`);
    for (const result of results) {
      const answers = Object.entries(result.answers)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
      console.log(`  round ${result.round}  ${result.request.padEnd(28)} ${answers}   rows now [${result.finalRows}]`);
    }
    console.log(failures.length === 0 ? 'ok: every answer 200, rows as one request left them' : failures.join('\n'));
  }
  if (failures.length > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(`concurrent-writes failed: ${error.stack ?? error} (logs in ${logDir})`);
  process.exitCode = 1;
} finally {
  await db?.end().catch(() => undefined);
  await procs.stopAll();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

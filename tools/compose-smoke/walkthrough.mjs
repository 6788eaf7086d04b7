// The HTTP half of the compose smoke run (smoke.sh does the Docker half):
// the PoC walkthrough of docs/../README.md through the published gateway port,
// plus what the run checks around it. Prints one line per check; exits 1 at
// the first answer that is not the expected one.
//
//   node walkthrough.mjs walkthrough <base-url> <state.json>   the six PoC steps, live roles,
//                                                              session listing, logout seen by user-service
//   node walkthrough.mjs persisted <base-url> <state.json>     the user and the kept session survived
//   node walkthrough.mjs spread <base-url> <path> <count> <bytes>
//                                                              <count> concurrent POSTs of <bytes> to <path>,
//                                                              which its service refuses with 400
// ADMIN_PASSWORD comes from the environment (the seeded admin's, from the smoke run's env file).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

// Compose runs the mesh in production, where the cookie's default name carries the __Host- prefix.
const COOKIE = process.env.SESSION_COOKIE_NAME ?? '__Host-sid';

class Failure extends Error {}

async function call(base, method, path, { cookie, body, headers = {} } = {}) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie: `${COOKIE}=${cookie}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

function expectStatus(step, response, status) {
  if (response.status !== status) {
    throw new Failure(`${step}: expected ${status}, got ${response.status} ${response.text.slice(0, 300)}`);
  }
  console.log(`  ok  ${status}  ${step}`);
}

function check(step, condition, detail) {
  if (!condition) throw new Failure(`${step}: ${detail}`);
  console.log(`  ok       ${step}`);
}

// The session token from Set-Cookie (the device cookie `<name>_device` is another one).
function sessionCookie(response) {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair.indexOf('=');
    if (pair.slice(0, at).trim() === COOKIE) return pair.slice(at + 1).trim();
  }
  return undefined;
}

async function login(base, username, password, step) {
  const response = await call(base, 'POST', '/user/login', { body: { username, password } });
  expectStatus(step, response, 200);
  const token = sessionCookie(response);
  check(`${step}: Set-Cookie ${COOKIE}=<token>`, token && /^[A-Za-z0-9_-]{43}$/.test(token), 'no session cookie');
  return token;
}

async function walkthrough(base, statePath) {
  const adminPassword = process.env.ADMIN_PASSWORD;
  if (!adminPassword) throw new Failure('ADMIN_PASSWORD is not set');
  const username = `smoke-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`;
  const password = randomBytes(12).toString('base64url');

  // The PoC's steps (README, Walkthrough).
  expectStatus(
    '1. POST /user/assign without a cookie',
    await call(base, 'POST', '/user/assign', { body: { userId: 1, groupIds: [1] } }),
    401,
  );
  const created = await call(base, 'POST', '/user', { body: { username, password } });
  expectStatus('2. POST /user (register)', created, 201);
  check(
    '2. the body is {id, username} without the hash',
    typeof created.json?.id === 'number' &&
      created.json.username === username &&
      Object.keys(created.json).sort().join() === 'id,username',
    created.text,
  );
  const userId = created.json.id;
  const token = await login(base, username, password, '3. POST /user/login');
  expectStatus(
    '4. POST /user/assign as that user (no ASSIGN_USERS)',
    await call(base, 'POST', '/user/assign', { cookie: token, body: { userId, groupIds: [] } }),
    403,
  );
  const admin = await login(base, 'admin', adminPassword, '5. POST /user/login as admin');
  const groups = await call(base, 'GET', '/groups', { cookie: admin });
  expectStatus('   GET /groups as admin', groups, 200);
  const manager = groups.json?.find((group) => group.name === 'Manager');
  check('   the seeded Manager group exists', manager, groups.text);
  const assigned = await call(base, 'POST', '/user/assign', {
    cookie: admin,
    body: { userId, groupIds: [manager.id] },
  });
  expectStatus('6. POST /user/assign as admin (user -> Manager)', assigned, 200);

  // Around it: live roles, the session list, logout seen by user-service.
  const me = await call(base, 'GET', '/auth/me', { cookie: token });
  expectStatus('   GET /auth/me as the user', me, 200);
  check(
    '   the live session got ASSIGN_USERS from the new group',
    me.json?.user?.roles?.includes('ASSIGN_USERS'),
    me.text,
  );
  const kept = await login(base, username, password, '   POST /user/login again (a second session, kept)');
  const sessions = await call(base, 'GET', '/auth/sessions', { cookie: token });
  expectStatus('   GET /auth/sessions', sessions, 200);
  const list = sessions.json?.sessions ?? [];
  check(
    '   lists both sessions, one of them current',
    list.length >= 2 && list.filter((s) => s.current).length === 1,
    sessions.text,
  );
  expectStatus(
    '   GET /groups (user-service) with the session',
    await call(base, 'GET', '/groups', { cookie: token }),
    200,
  );
  expectStatus('   POST /auth/logout', await call(base, 'POST', '/auth/logout', { cookie: token }), 204);
  expectStatus(
    '   GET /groups (user-service) with the logged-out cookie',
    await call(base, 'GET', '/groups', { cookie: token }),
    401,
  );
  expectStatus(
    '   GET /auth/me with the logged-out cookie',
    await call(base, 'GET', '/auth/me', { cookie: token }),
    401,
  );
  expectStatus('   GET /groups with the kept session', await call(base, 'GET', '/groups', { cookie: kept }), 200);

  const sessionKey = (cookie) => `sess:${createHash('sha256').update(cookie).digest('hex')}`;
  writeFileSync(
    statePath,
    JSON.stringify(
      { username, password, userId, kept, keptKey: sessionKey(kept), loggedOutKey: sessionKey(token) },
      null,
      2,
    ),
  );
}

async function persisted(base, statePath) {
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  const me = await call(base, 'GET', '/auth/me', { cookie: state.kept });
  expectStatus('   GET /auth/me with the session made before `down`', me, 200);
  check('   it is still the same user', me.json?.user?.userId === state.userId, me.text);
  expectStatus(
    '   GET /groups (user-service) with that session',
    await call(base, 'GET', '/groups', { cookie: state.kept }),
    200,
  );
  await login(base, state.username, state.password, '   POST /user/login as the user registered before `down`');
}

// Requests the service refuses (400: not a registration, not a login) without
// writing anything; the body makes each one visible in the byte counters of
// the replica that received it.
async function spread(base, path, count, bytes) {
  const body = JSON.stringify({ padding: 'x'.repeat(bytes) });
  const answers = await Promise.all(Array.from({ length: count }, () => call(base, 'POST', path, { body })));
  const statuses = [...new Set(answers.map((answer) => answer.status))];
  check(
    `   ${count} concurrent POST ${path} of ${bytes} bytes, all answered 400 (${statuses.join(', ')})`,
    statuses.length === 1 && statuses[0] === 400,
    answers.find((answer) => answer.status !== 400)?.text ?? '',
  );
}

const [command, base, ...rest] = process.argv.slice(2);
try {
  if (command === 'walkthrough') await walkthrough(base, rest[0]);
  else if (command === 'persisted') await persisted(base, rest[0]);
  else if (command === 'spread') await spread(base, rest[0], Number(rest[1]), Number(rest[2]));
  else throw new Failure(`unknown command ${command ?? ''}`);
} catch (error) {
  console.error(
    `walkthrough: ${error instanceof Failure ? error.message : error instanceof Error ? error.stack : String(error)}`,
  );
  process.exit(1);
}

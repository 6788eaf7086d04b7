// Micro-benchmark of the per-request work of libs/session, on its TypeScript
// sources (loaded with jiti): reading the cookie, checking the token's shape,
// hashing it, decoding the record (the hand-written check of today against
// the zod schema it replaced) and building the request's session.
// Usage: node tools/bench/src/hot-path.mjs [iterations]; prints one JSON line
// (nanoseconds per call, medians of 7 runs), and is also run by run.mjs.
import { createJiti } from 'jiti';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const jiti = createJiti(import.meta.url, {
  alias: { '@session-mesh/contracts': join(root, 'libs/contracts/src/index.ts') },
});
/** @type {(name: string) => Promise<any>} */
const lib = (name) => jiti.import(join(root, 'libs/session/src/lib', name));
const { readSessionCookie } = await lib('session-cookie.codec.ts');
const { isWellFormedSessionToken, sessionIdOf, generateSessionToken } = await lib('session-token.ts');
const { decodeSessionRecord, SessionRecordV1, toActiveSession } = await lib('session-record.codec.ts');

const iterations = Number(process.argv[2] ?? 200_000);
const token = generateSessionToken();
const cookie = `_ga=GA1.1.123456789.1700000000; theme=dark; sid=${token}; _gid=GA1.1.987654321.1700000000`;
const raw = JSON.stringify({
  v: 1,
  userId: 2,
  username: 'jane.doe@example.com',
  roles: ['ASSIGN_USERS', 'CREATE_GROUP'],
  createdAt: 1_795_838_400_000,
  expiresAt: 1_795_881_600_000,
  authzVersion: 3,
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
});
// What decodeSessionRecord did before: JSON.parse, then the zod schema.
const decodeWithZod = (text) => {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = SessionRecordV1.safeParse(json);
  return parsed.success ? parsed.data : null;
};

// What readSessionCookie did before: a slice and a trim per cookie pair.
const readCookieBySlicing = (header, name) => {
  let found;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) found = header.slice(eq + 1, end).trim();
    start = end + 1;
  }
  return found;
};

let sink = 0;
const cases = {
  readSessionCookie: () => (sink += readSessionCookie(cookie, 'sid').kind.length),
  'cookie by slicing (before)': () => (sink += readCookieBySlicing(cookie, 'sid').length),
  isWellFormedSessionToken: () => (sink += isWellFormedSessionToken(token) ? 1 : 0),
  sessionIdOf: () => (sink += sessionIdOf(token).length),
  'createHash sha256 (before)': () => (sink += createHash('sha256').update(token).digest('hex').length),
  'JSON.parse only': () => (sink += JSON.parse(raw).userId),
  'decodeSessionRecord (hand check)': () => (sink += decodeSessionRecord(raw).userId),
  'JSON.parse + zod safeParse (before)': () => (sink += decodeWithZod(raw).userId),
  toActiveSession: () => (sink += toActiveSession('x', decodeSessionRecord(raw)).user.userId),
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {};
for (const [name, fn] of Object.entries(cases)) {
  for (let i = 0; i < iterations / 10; i++) fn(); // warm-up
  const runs = [];
  for (let run = 0; run < 7; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations / 10; i++) fn();
    runs.push(Number(process.hrtime.bigint() - t0) / (iterations / 10));
  }
  results[name] = Math.round(median(runs));
}
if (sink === 0) throw new Error('unreachable');
process.stdout.write(JSON.stringify(results) + '\n');

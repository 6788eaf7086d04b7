import { CommandParser, defineScript } from 'redis';
import { IMPERSONATE_ROLE, MANAGE_ROLE_PREFIX } from './impersonation';

// Validation's one command: reads a session and slides its expiry by the
// session's own idle timeout, never past its absolute expiry:
//   ARGV[1] the idle timeout (s) of records without `idleSeconds`
//   ARGV[2] now (ms since the epoch)
// Returns the record as stored, or nil. Whether the record is valid is the
// caller's decision; a record this script cannot read slides by ARGV[1]. In
// the last idle window the key is pinned to expiresAt, so it is gone when
// the session ends. The same text is in docs/session-format.md, for readers
// in other languages.
export const READ_AND_SLIDE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local idle = tonumber(ARGV[1])
local ok, record = pcall(cjson.decode, raw)
if ok and type(record) == 'table' then
  local own = record.idleSeconds
  if type(own) == 'number' and own >= 1 and own % 1 == 0 then idle = own end
  local expiresAt = record.expiresAt
  if type(expiresAt) == 'number' and expiresAt - tonumber(ARGV[2]) < idle * 1000 then
    redis.call('PEXPIREAT', KEYS[1], expiresAt)
    return raw
  end
end
redis.call('EXPIRE', KEYS[1], idle)
return raw
`;

export const SYNC_RESULT = { missing: -1, revoked: 0, updated: 1, current: 2 } as const;

// Brings one session in line with its user's authorization, atomically inside
// Redis so that two concurrent changes can never overwrite each other (the
// higher version wins whatever the order):
//   ARGV[1] roles as a JSON array, or '' when the user may no longer log in
//   ARGV[2] the user's authorization version those roles belong to
//   ARGV[3] sessions whose version is below this one are revoked
// The roles are spliced in as JSON text because cjson would turn an empty
// Lua table into {} instead of [].
// An impersonation session (`actor`) whose user gains a role that may not be
// impersonated (impersonation.ts) ends instead: role names are upper snake
// case, so the quoted name, or the quote and prefix, match only whole names.
const SYNC_SESSION = `
local raw = redis.call('GET', KEYS[1])
if not raw then return -1 end
local ok, record = pcall(cjson.decode, raw)
if not ok or type(record) ~= 'table' then redis.call('DEL', KEYS[1]) return 0 end
local current = tonumber(record.authzVersion) or 0
local version = tonumber(ARGV[2])
if ARGV[1] == '' or current < tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return 0
end
if current >= version then return 2 end
if type(record.actor) == 'table' and (string.find(ARGV[1], '"${IMPERSONATE_ROLE}"', 1, true)
    or string.find(ARGV[1], '"${MANAGE_ROLE_PREFIX}', 1, true)) then
  redis.call('DEL', KEYS[1])
  return 0
end
record.roles = nil
record.authzVersion = version
local body = cjson.encode(record)
redis.call('SET', KEYS[1], '{"roles":' .. ARGV[1] .. ',' .. string.sub(body, 2), 'KEEPTTL')
return 1
`;

// Raises a user's authorization versions (never lowers them) and keeps the
// key alive as long as any session could be:
//   ARGV[1] version, ARGV[2] revokeBelow, ARGV[3] ttl seconds
// Returns { version, revokeBelow } as stored.
const RAISE_AUTHZ = `
local version = math.max(tonumber(redis.call('HGET', KEYS[1], 'version') or '0'), tonumber(ARGV[1]))
local below = math.max(tonumber(redis.call('HGET', KEYS[1], 'revokeBelow') or '0'), tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'version', version, 'revokeBelow', below)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return { version, below }
`;

// Turns a user index written by an older version (a set of ids) into the hash
// of today, in place and atomically, keeping its TTL:
//   ARGV[1] the value for every converted entry (an upper bound of their expiry)
// Returns the number of converted entries, or -1 if the key is not a set.
const UPGRADE_USER_INDEX = `
if redis.call('TYPE', KEYS[1]).ok ~= 'set' then return -1 end
local ids = redis.call('SMEMBERS', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
redis.call('DEL', KEYS[1])
for _, id in ipairs(ids) do redis.call('HSET', KEYS[1], id, ARGV[1]) end
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return #ids
`;

export const SESSION_SCRIPTS = {
  readAndSlide: defineScript({
    SCRIPT: READ_AND_SLIDE,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, defaultIdleSeconds: number, now: number) {
      parser.pushKey(key);
      parser.push(String(defaultIdleSeconds), String(now));
    },
    transformReply: undefined as unknown as () => string | null,
  }),
  syncSession: defineScript({
    SCRIPT: SYNC_SESSION,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, roles: string, version: number, revokeBelow: number) {
      parser.pushKey(key);
      parser.push(roles, String(version), String(revokeBelow));
    },
    transformReply: undefined as unknown as () => number,
  }),
  raiseAuthz: defineScript({
    SCRIPT: RAISE_AUTHZ,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, version: number, revokeBelow: number, ttlSeconds: number) {
      parser.pushKey(key);
      parser.push(String(version), String(revokeBelow), String(ttlSeconds));
    },
    transformReply: undefined as unknown as () => [number, number],
  }),
  upgradeUserIndex: defineScript({
    SCRIPT: UPGRADE_USER_INDEX,
    NUMBER_OF_KEYS: 1,
    parseCommand(parser: CommandParser, key: string, expiresAt: number) {
      parser.pushKey(key);
      parser.push(String(expiresAt));
    },
    transformReply: undefined as unknown as () => number,
  }),
};

import { decodeSessionRecord, encodeSessionRecord, SessionRecord } from './session-record';

const record: SessionRecord = {
  v: 1,
  userId: 7,
  username: 'jane@example.com',
  roles: ['ASSIGN_USERS'],
  createdAt: 1_700_000_000_000,
  expiresAt: 1_700_043_200_000,
  authzVersion: 3,
  ip: '127.0.0.1',
  userAgent: 'curl/8',
};

describe('session records', () => {
  it('round-trip through JSON', () => {
    expect(decodeSessionRecord(encodeSessionRecord(record))).toEqual(record);
  });

  it('are refused when not JSON, of another version, or missing fields', () => {
    expect(decodeSessionRecord('not json')).toBeNull();
    expect(decodeSessionRecord(JSON.stringify({ ...record, v: 2 }))).toBeNull();
    const { roles: _roles, ...withoutRoles } = record;
    expect(decodeSessionRecord(JSON.stringify(withoutRoles))).toBeNull();
    expect(decodeSessionRecord(JSON.stringify({ ...record, userId: '7' }))).toBeNull();
  });
});

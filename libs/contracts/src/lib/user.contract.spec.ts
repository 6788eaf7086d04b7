import { AssignGroupsRequest, RegisterUserRequest } from './user.contract';
import { VerifyCredentialsReply } from './user-rpc.contract';

describe('user contracts', () => {
  it('accepts an email username and a password of 8 to 128 characters', () => {
    expect(RegisterUserRequest.safeParse({ username: 'a@b.io', password: '12345678' }).success).toBe(true);
    expect(RegisterUserRequest.safeParse({ username: 'admin', password: '12345678' }).success).toBe(false);
    expect(RegisterUserRequest.safeParse({ username: 'a@b.io', password: '1234567' }).success).toBe(false);
    expect(RegisterUserRequest.safeParse({ username: 'a@b.io', password: 'x'.repeat(129) }).success).toBe(false);
  });

  it('rejects unknown fields', () => {
    const result = RegisterUserRequest.safeParse({ username: 'a@b.io', password: '12345678', isAdmin: true });
    expect(result.success).toBe(false);
  });

  it('rejects repeated or non-integer group ids', () => {
    expect(AssignGroupsRequest.safeParse({ userId: 1, groupIds: [1, 2] }).success).toBe(true);
    expect(AssignGroupsRequest.safeParse({ userId: 1, groupIds: [1, 1] }).success).toBe(false);
    expect(AssignGroupsRequest.safeParse({ userId: 1, groupIds: [1.5] }).success).toBe(false);
    expect(AssignGroupsRequest.safeParse({ userId: '1', groupIds: [] }).success).toBe(false);
  });

  it('tells a successful credential check from a failed one', () => {
    const ok = VerifyCredentialsReply.parse({
      ok: true,
      user: { userId: 1, username: 'admin', roles: ['ASSIGN_USERS'] },
      authzVersion: 0,
      secondFactor: false,
    });
    expect(ok.ok && ok.user.roles).toEqual(['ASSIGN_USERS']);
    // Whether a TOTP step follows is part of every successful answer.
    expect(VerifyCredentialsReply.safeParse({ ...ok, secondFactor: undefined }).success).toBe(false);
    expect(VerifyCredentialsReply.safeParse({ ok: true }).success).toBe(false);
    expect(VerifyCredentialsReply.safeParse({ ok: true, user: ok.ok && ok.user }).success).toBe(false);
  });
});

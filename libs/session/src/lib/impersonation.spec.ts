import { mayBeImpersonated } from './impersonation';

describe('mayBeImpersonated', () => {
  it.each([
    [[], true],
    [['ASSIGN_USERS', 'READ_AUDIT'], true],
    [['IMPERSONATE_LOG', 'X_MANAGE_Y', 'MANAGER'], true],
    [['IMPERSONATE'], false],
    [['ASSIGN_USERS', 'MANAGE_SESSIONS'], false],
    [['MANAGE_'], false],
  ])('%j -> %s', (roles, expected) => {
    expect(mayBeImpersonated(roles)).toBe(expected);
  });
});

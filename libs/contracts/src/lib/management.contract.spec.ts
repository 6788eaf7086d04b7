import { UserListQuery } from './management.contract';

describe('the user list query', () => {
  it('takes a search of 1 to 254 characters, trimmed, beside the pagination', () => {
    expect(UserListQuery.parse({ search: ' walker ', limit: '5' })).toEqual({ search: 'walker', limit: 5, offset: 0 });
    expect(UserListQuery.parse({})).toEqual({ limit: 50, offset: 0 });
    expect(UserListQuery.parse({ search: 'a'.repeat(254) }).search).toHaveLength(254);
  });

  it('refuses an empty or too long search', () => {
    for (const search of ['', '   ', 'a'.repeat(255)]) {
      expect(UserListQuery.safeParse({ search }).success).toBe(false);
    }
  });
});

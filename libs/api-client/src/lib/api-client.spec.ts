import { createMeshClient } from './api-client';

// A fetch that answers from a table and records what it was asked.
function fakeFetch(answers: Record<string, { status: number; body?: unknown }>) {
  const requests: Request[] = [];
  const fetch = async (input: Request) => {
    requests.push(input);
    const answer = answers[`${input.method} ${new URL(input.url).pathname}`] ?? { status: 404 };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: answer.body === undefined ? {} : { 'content-type': 'application/json' },
    });
  };
  return { fetch, requests };
}

describe('the typed client', () => {
  it('sends typed requests to the right paths and gives typed data or errors', async () => {
    const { fetch, requests } = fakeFetch({
      'POST /user/login': {
        status: 200,
        body: {
          user: { userId: 1, username: 'admin', roles: ['ASSIGN_USERS'] },
          session: { id: 'a'.repeat(64), createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-01-02T00:00:00Z' },
        },
      },
      'POST /user/assign': {
        status: 403,
        body: { statusCode: 403, code: 'role_missing', message: 'no' },
      },
      [`DELETE /auth/sessions/${'b'.repeat(64)}`]: { status: 204 },
    });
    const client = createMeshClient({ baseUrl: 'http://gateway.test', fetch });

    const login = await client.auth.POST('/user/login', { body: { username: 'admin', password: 'admin' } });
    expect(login.data?.user.roles).toEqual(['ASSIGN_USERS']);

    const assign = await client.users.POST('/user/assign', { body: { userId: 2, groupIds: [1] } });
    expect(assign.data).toBeUndefined();
    expect(assign.error?.code).toBe('role_missing');

    const revoke = await client.auth.DELETE('/auth/sessions/{id}', { params: { path: { id: 'b'.repeat(64) } } });
    expect(revoke.response.status).toBe(204);

    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST http://gateway.test/user/login',
      'POST http://gateway.test/user/assign',
      `DELETE http://gateway.test/auth/sessions/${'b'.repeat(64)}`,
    ]);
  });

  it('sends one service elsewhere when asked', async () => {
    const { fetch, requests } = fakeFetch({ 'GET /groups': { status: 200, body: [] } });
    const client = createMeshClient(
      { baseUrl: 'http://gateway.test', fetch },
      { users: { baseUrl: 'http://other.test' } },
    );
    await client.users.GET('/groups');
    expect(requests[0]?.url).toBe('http://other.test/groups');
  });
});

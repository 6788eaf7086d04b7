import { describeError, NETWORK_ERROR, toApiError, waitText } from './api-error';

const response = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, statusText: 'Status text', headers });

describe('API errors as a person reads them', () => {
  it('reads the error body and Retry-After of a throttled login', () => {
    const error = toApiError(response(429, { 'retry-after': '42' }), {
      statusCode: 429,
      code: 'too_many_requests',
      message: 'Too many failed logins',
    });
    expect(error).toEqual({
      status: 429,
      code: 'too_many_requests',
      message: 'Too many failed logins',
      retryAfterSeconds: 42,
    });
    expect(describeError(error)).toBe('Too many attempts. Try again in 42 seconds.');
  });

  it('names the wrong password, and the missing role of a 403', () => {
    expect(
      describeError(toApiError(response(401), { code: 'invalid_credentials', message: 'x', statusCode: 401 })),
    ).toBe('Wrong username or password.');
    const forbidden = toApiError(response(403), {
      code: 'role_missing',
      message: 'This route needs the role ASSIGN_USERS',
      statusCode: 403,
    });
    expect(describeError(forbidden, 'ASSIGN_USERS')).toBe('You need ASSIGN_USERS.');
    expect(describeError(forbidden)).toBe('Not allowed: This route needs the role ASSIGN_USERS');
  });

  it('says the service is unavailable for a 503 of any service, a body that is not ours, or no answer', () => {
    expect(
      describeError(toApiError(response(503), { code: 'session_store_unavailable', message: 'x', statusCode: 503 })),
    ).toMatch(/unavailable/);
    expect(describeError(toApiError(response(502), '<html>bad gateway</html>'))).toMatch(/unavailable/);
    expect(describeError(NETWORK_ERROR)).toMatch(/unavailable/);
  });

  it("shows the last-administrator guard's own reason and the fields of a validation error", () => {
    expect(
      describeError(
        toApiError(response(409), {
          code: 'last_administrator',
          message: 'No administrator would be left',
          statusCode: 409,
        }),
      ),
    ).toBe('Refused: No administrator would be left');
    const invalid = toApiError(response(400), {
      code: 'validation_failed',
      message: 'Invalid body',
      statusCode: 400,
      details: [{ path: 'username', message: 'Invalid email' }],
    });
    expect(describeError(invalid)).toBe('username: Invalid email');
  });

  it('counts the wait in seconds, then in whole minutes', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(59)).toBe('59 seconds');
    expect(waitText(60)).toBe('1 minute');
    expect(waitText(61)).toBe('2 minutes');
  });

  it('names a wrong or used second factor, and a server without TOTP', () => {
    expect(
      describeError(toApiError(response(401), { code: 'invalid_second_factor', message: 'x', statusCode: 401 })),
    ).toMatch(/^That code is wrong, expired or already used\./);
    expect(
      describeError(toApiError(response(503), { code: 'second_factor_unavailable', message: 'x', statusCode: 503 })),
    ).toMatch(/^Two-factor authentication is not set up on this server/);
  });
});

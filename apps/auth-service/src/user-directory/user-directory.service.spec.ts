import type { ClientProxy } from '@nestjs/microservices';
import { AppError } from '@session-mesh/platform';
import { Observable, of, throwError } from 'rxjs';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { UserDirectory } from './user-directory.service';

const config = { userService: { host: '127.0.0.1', port: 1, timeoutMs: 100 } } as AuthServiceConfig;

function directoryAnswering(reply: () => Observable<unknown>) {
  const client = { send: jest.fn(reply) } as unknown as ClientProxy;
  return new UserDirectory(client, config);
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
}

const credentials = { username: 'admin', password: 'admin' };

describe('UserDirectory', () => {
  it('returns the user of a successful check and null for wrong credentials', async () => {
    const user = { userId: 1, username: 'admin', roles: ['ASSIGN_USERS'] };
    await expect(
      directoryAnswering(() => of({ ok: true, user, authzVersion: 3, secondFactor: true })).verifyCredentials(
        credentials,
      ),
    ).resolves.toEqual({
      user,
      authzVersion: 3,
      secondFactor: true,
    });
    await expect(directoryAnswering(() => of({ ok: false })).verifyCredentials(credentials)).resolves.toBeNull();
  });

  it('keeps the code of a client error or 503 sent by user-service', async () => {
    const invalid = { statusCode: 400, code: 'validation_failed', message: 'bad' };
    expect(await codeOf(directoryAnswering(() => throwError(() => invalid)).verifyCredentials(credentials))).toBe(
      'validation_failed',
    );
    const down = { statusCode: 503, code: 'database_unavailable', message: 'down' };
    expect(await codeOf(directoryAnswering(() => throwError(() => down)).verifyCredentials(credentials))).toBe(
      'database_unavailable',
    );
  });

  it('answers 503 user_service_unavailable when the transport fails or user-service does not answer in time', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(await codeOf(directoryAnswering(() => throwError(() => refused)).verifyCredentials(credentials))).toBe(
      'user_service_unavailable',
    );
    expect(await codeOf(directoryAnswering(() => new Observable()).verifyCredentials(credentials))).toBe(
      'user_service_unavailable',
    );
  });

  it('refuses a reply that does not match the contract', async () => {
    expect(await codeOf(directoryAnswering(() => of({ ok: true })).verifyCredentials(credentials))).toBe(
      'internal_error',
    );
    expect(await codeOf(directoryAnswering(() => of({ userId: 1 })).authorization(1))).toBe('internal_error');
  });
});

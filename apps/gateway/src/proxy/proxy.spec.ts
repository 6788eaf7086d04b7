import type { IncomingMessage } from 'node:http';
import { dropSessionCookies } from './proxy';

describe('dropSessionCookies', () => {
  it('removes only the session cookie from a non-auth upstream response', () => {
    const response = {
      headers: { 'set-cookie': ['sid=planted; Path=/; HttpOnly', 'theme=dark; Path=/'] },
    } as unknown as IncomingMessage;
    dropSessionCookies('users', response, 'sid');
    expect(response.headers['set-cookie']).toEqual(['theme=dark; Path=/']);
  });

  it('leaves responses without the session cookie alone', () => {
    const response = { headers: {} } as IncomingMessage;
    dropSessionCookies('users', response, 'sid');
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

// Response bodies as the tests read them: any shape, checked by expect().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

// A minimal client with a cookie jar, like `curl -c jar -b jar`.
export class HttpClient {
  // name -> value, as a browser keeps them for this origin.
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    // SESSION_COOKIE_NAME of the mesh.
    private readonly cookieName = 'sid',
  ) {}

  // The session cookie as `sid=<token>`.
  get sessionCookie(): string | undefined {
    const token = this.jar.get(this.cookieName);
    return token === undefined ? undefined : `${this.cookieName}=${token}`;
  }

  // Like a new browser: no cookie at all.
  forgetCookie(): void {
    this.jar.clear();
  }

  private get cookieHeader(): string | undefined {
    return this.jar.size === 0 ? undefined : [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookieHeader ? { cookie: this.cookieHeader } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0];
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
      if (value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: json as Json };
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }
}

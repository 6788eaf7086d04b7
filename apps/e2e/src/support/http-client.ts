// Response bodies as the tests read them: any shape, checked by expect().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

// A minimal client with a cookie jar, like `curl -c jar -b jar`.
export class HttpClient {
  private cookie: string | undefined;

  constructor(private readonly baseUrl: string) {}

  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  forgetCookie(): void {
    this.cookie = undefined;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? undefined : pair;
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

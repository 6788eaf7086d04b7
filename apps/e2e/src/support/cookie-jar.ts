// The cookies of one simulated browser for fetch-based clients in Node (a
// browser keeps them itself): its `fetch` sends them and keeps what
// Set-Cookie gives, like HttpClient does for raw requests.
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  clear(): void {
    this.cookies.clear();
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(new Request(request, { headers }));
    for (const setCookie of splitSetCookies(response.headers.getSetCookie())) {
      const pair = setCookie.split(';')[0];
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1)];
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  };
}

// Prism joins the Set-Cookie headers of an answer into one, comma-separated.
// Our cookies carry Max-Age, never a dated Expires (which holds a comma), so a
// comma followed by `name=` starts the next cookie.
export function splitSetCookies(headers: string[]): string[] {
  return headers.flatMap((header) => header.split(/,(?=\s*[^;,=\s]+=)/)).map((cookie) => cookie.trim());
}

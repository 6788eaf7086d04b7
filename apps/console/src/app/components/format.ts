const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : TIME.format(date);
}

// A short name for a session's device from its User-Agent: browser and system.
export function deviceOf(userAgent: string | null): string {
  if (!userAgent) return 'unknown device';
  const browser =
    /(Edg|OPR|Firefox|Chrome|Chromium|Safari)\/[\d.]+/
      .exec(userAgent)?.[1]
      ?.replace('Edg', 'Edge')
      .replace('OPR', 'Opera') ?? /^(curl|node|Wget|python-requests)/i.exec(userAgent)?.[1];
  const system = /(Windows|Android|iPhone|iPad|Mac OS X|Linux|CrOS)/.exec(userAgent)?.[1]?.replace('Mac OS X', 'macOS');
  if (!browser) return userAgent.slice(0, 40);
  return system ? `${browser} on ${system}` : browser;
}

// A session's assurance level (aal) as a person reads it.
export function assuranceOf(aal: number): string {
  if (aal >= 2) return 'password and second factor (aal 2)';
  if (aal === 1) return 'password (aal 1)';
  return 'waiting for the second factor (aal 0)';
}

export function rememberMeOf(rememberMe: boolean): string {
  return rememberMe ? 'yes, stays signed in after the browser closes' : 'no, ends when the browser closes';
}

// The QR code is an SVG document from our own API. As an <img> (a data URL,
// allowed by the CSP's img-src) it is a picture only: no script in it runs
// and nothing of it is parsed into the page's DOM.
export function qrCodeSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

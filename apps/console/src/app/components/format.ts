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

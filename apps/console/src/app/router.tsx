import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

// The console's few pages live under the gateway's /console/ (vite's base):
// a path here is what follows it, e.g. '/sessions'. History API, real links:
// a page can be reloaded, bookmarked and opened in a new tab.
const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');
const NAVIGATED = 'console:navigated';

export function pathOf(pathname: string, base = BASE): string {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  return rest === '' ? '/' : rest;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => pathOf(window.location.pathname));
}

export function navigate(path: string): void {
  window.history.pushState(null, '', `${BASE}${path}`);
  window.dispatchEvent(new Event(NAVIGATED));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

export function Link({ to, onClick, children, ...props }: LinkProps) {
  const current = usePath() === to;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    // New tab, new window, download: the browser's own.
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...props} href={`${BASE}${to}`} aria-current={current ? 'page' : undefined} onClick={follow}>
      {children}
    </a>
  );
}

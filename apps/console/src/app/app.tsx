import { type ReactElement, useEffect, useRef } from 'react';
import { describeError } from './api/api-error';
import { api, send } from './api/send';
import { GroupsPage, RolesPage } from './pages/access-page';
import { AuditPage } from './pages/audit-page';
import { HomePage } from './pages/home-page';
import { PasswordPage } from './pages/password-page';
import { RegisterPage } from './pages/register-page';
import { SessionsPage } from './pages/sessions-page';
import { SignInPage } from './pages/sign-in-page';
import { TwoFactorPage } from './pages/two-factor-page';
import { UsersPage } from './pages/users-page';
import { Link, usePath } from './router';
import { ConsoleSessionProvider, useConsoleSession } from './session/console-session';

// The pages of a signed-in person, by path; the administration pages show
// the API's 403 to those without the role (the API decides, not the console).
const PAGES: Record<string, { title: string; render: () => ReactElement }> = {
  '/': { title: 'Who am I', render: () => <HomePage /> },
  '/sessions': { title: 'My sessions', render: () => <SessionsPage /> },
  '/password': { title: 'Change password', render: () => <PasswordPage /> },
  '/two-factor': { title: 'Two-factor authentication', render: () => <TwoFactorPage /> },
  '/admin/users': { title: 'Users', render: () => <UsersPage /> },
  '/admin/groups': { title: 'Groups', render: () => <GroupsPage /> },
  '/admin/roles': { title: 'Roles', render: () => <RolesPage /> },
  '/admin/audit': { title: 'Audit trail', render: () => <AuditPage /> },
};

const NAV: ReadonlyArray<{ to: string; label: string }> = [
  { to: '/', label: 'Who am I' },
  { to: '/sessions', label: 'My sessions' },
  { to: '/password', label: 'Password' },
  { to: '/two-factor', label: 'Two-factor' },
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/groups', label: 'Groups' },
  { to: '/admin/roles', label: 'Roles' },
  { to: '/admin/audit', label: 'Audit' },
];

export function App() {
  return (
    <ConsoleSessionProvider>
      <Shell />
    </ConsoleSessionProvider>
  );
}

function Shell() {
  const { me, meError, refreshMe, signedOut, secondFactorPending } = useConsoleSession();
  const path = usePath();
  const page = me ? PAGES[path] : undefined;
  const title = me
    ? (page?.title ?? 'Not found')
    : secondFactorPending
      ? 'Two-factor sign-in'
      : path === '/register'
        ? 'Create an account'
        : 'Sign in';
  const main = useRef<HTMLElement>(null);

  // A new page: its title, and focus on its content for keyboard and screen-reader users.
  useEffect(() => {
    document.title = `${title} · session-mesh console`;
  }, [title]);

  const signOut = async () => {
    const outcome = await send(() => api.auth.POST('/auth/logout'));
    if (outcome.ok || outcome.error.status === 401) signedOut('You signed out.');
  };

  let content: ReactElement;
  if (me === undefined) {
    content = meError ? (
      <div role="alert" className="error-box">
        <p>{describeError(meError)}</p>
        <button type="button" className="secondary" onClick={() => void refreshMe()}>
          Try again
        </button>
      </div>
    ) : (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  } else if (me === null) {
    content = path === '/register' && !secondFactorPending ? <RegisterPage /> : <SignInPage />;
  } else {
    content = page ? (
      page.render()
    ) : (
      <section>
        <h1>Not found</h1>
        <p>
          No page here. <Link to="/">Back to the start</Link>
        </p>
      </section>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">session-mesh console</span>
        {me && (
          <>
            <nav aria-label="Main">
              <ul>
                {NAV.map((item) => (
                  <li key={item.to}>
                    <Link to={item.to}>{item.label}</Link>
                  </li>
                ))}
              </ul>
            </nav>
            <span className="who">
              {me.user.username}{' '}
              <button type="button" className="secondary" onClick={() => void signOut()}>
                Sign out
              </button>
            </span>
          </>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {content}
      </main>
    </>
  );
}

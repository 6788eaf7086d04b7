import { assuranceOf, formatTime, rememberMeOf } from '../components/format';
import { Link } from '../router';
import { useMe } from '../session/console-session';

// Who am I: the user, their roles and this session, as GET /auth/me says now
// (read again when the window regains focus and after any 403).
export function HomePage() {
  const me = useMe();
  return (
    <section>
      <h1>Who am I</h1>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{me.user.username}</dd>
        <dt>User id</dt>
        <dd>{me.user.userId}</dd>
        <dt>Roles</dt>
        <dd>
          {me.user.roles.length ? (
            <ul className="tags" aria-label="My roles">
              {me.user.roles.map((role) => (
                <li key={role}>{role}</li>
              ))}
            </ul>
          ) : (
            'none'
          )}
        </dd>
        <dt>Signed in</dt>
        <dd>{formatTime(me.session.createdAt)}</dd>
        <dt>Password last checked</dt>
        <dd>{formatTime(me.session.authenticatedAt)}</dd>
        <dt>Session ends at the latest</dt>
        <dd>{formatTime(me.session.expiresAt)}</dd>
        <dt>Signed in with</dt>
        <dd>{assuranceOf(me.session.aal)}</dd>
        <dt>Remember me</dt>
        <dd>{rememberMeOf(me.session.rememberMe)}</dd>
      </dl>
      <p>
        <Link to="/two-factor">Two-factor authentication</Link>: see it, set it up or turn it off.
      </p>
    </section>
  );
}

import { useState } from 'react';
import { api } from '../api/send';
import { assuranceOf, deviceOf, formatTime, rememberMeOf } from '../components/format';
import { ActionMessage, type ActionResult, failed, LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession, useMe } from '../session/console-session';

// My live sessions (GET /auth/sessions): end one, or all but this one.
export function SessionsPage() {
  const { call } = useConsoleSession();
  const current = useMe().session;
  const [loaded, reload] = useLoad(() => call(() => api.auth.GET('/auth/sessions')), [call]);
  const [result, setResult] = useState<ActionResult>(undefined);

  const endOne = async (id: string) => {
    const outcome = await call(() => api.auth.DELETE('/auth/sessions/{id}', { params: { path: { id } } }));
    setResult(outcome.ok ? { kind: 'ok', text: 'Session ended.' } : failed(outcome.error));
    reload();
  };
  const endOthers = async () => {
    const outcome = await call(() => api.auth.DELETE('/auth/sessions'));
    setResult(
      outcome.ok ? { kind: 'ok', text: `Ended ${outcome.data.revoked} other session(s).` } : failed(outcome.error),
    );
    reload();
  };

  return (
    <section>
      <h1>My sessions</h1>
      <p>
        This session: signed in with {assuranceOf(current.aal)}; remember me: {rememberMeOf(current.rememberMe)}.
      </p>
      <ActionMessage result={result} />
      <LoadedView loaded={loaded} reload={reload}>
        {({ sessions }) => (
          <>
            <table>
              <caption>Where I am signed in, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">IP</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <tr key={session.id} className={session.current ? 'current' : undefined}>
                    <td>
                      <span title={session.userAgent ?? undefined}>{deviceOf(session.userAgent)}</span>
                      {session.current && <strong className="badge"> this session</strong>}
                    </td>
                    <td>{session.ip}</td>
                    <td>{formatTime(session.createdAt)}</td>
                    <td>{formatTime(session.lastSeenAt)}</td>
                    <td>
                      {!session.current && (
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`End this session: ${deviceOf(session.userAgent)} from ${session.ip ?? 'an unknown address'}, created ${formatTime(session.createdAt)}`}
                          onClick={() => void endOne(session.id)}
                        >
                          End this session
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" disabled={sessions.length < 2} onClick={() => void endOthers()}>
              End all other sessions
            </button>
          </>
        )}
      </LoadedView>
    </section>
  );
}

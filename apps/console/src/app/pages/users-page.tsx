import type { AuthSchemas, UserSchemas } from '@session-mesh/api-client';
import { type FormEvent, useState } from 'react';
import { api, type Outcome } from '../api/send';
import { deviceOf, formatTime } from '../components/format';
import { ActionMessage, type ActionResult, failed, LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession, useMe } from '../session/console-session';

type User = UserSchemas['UserDetails'];
const PAGE_SIZE = 20;

// Users (GET /users, ASSIGN_USERS): search by part of the username and page
// through them (both on the server), pick one to change their groups,
// disable, enable or delete them, or see and end their sessions.
export function UsersPage() {
  const { call } = useConsoleSession();
  const roles = useMe().user.roles.join();
  const [offset, setOffset] = useState(0);
  // What the search field holds, and the search the list shows.
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  // Roles are a dependency: a page refused with 403 loads once the role arrives.
  const [loaded, reload] = useLoad(
    () =>
      call(() =>
        api.users.GET('/users', {
          params: { query: { limit: PAGE_SIZE, offset, ...(search && { search }) } },
        }),
      ),
    [call, offset, search, roles],
  );

  const find = (event: FormEvent) => {
    event.preventDefault();
    setSearch(typed.trim());
    setOffset(0);
  };

  return (
    <section>
      <h1>Users</h1>
      <form className="inline" role="search" onSubmit={find}>
        <label htmlFor="user-search">Search users</label>
        <input
          id="user-search"
          type="search"
          maxLength={254}
          aria-describedby="user-search-hint"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <span id="user-search-hint" className="muted">
          Part of the username, any case
        </span>
        <button type="submit">Search</button>
      </form>
      <LoadedView loaded={loaded} reload={reload} neededRole="ASSIGN_USERS">
        {({ users, total }) => {
          const user = users.find((candidate) => candidate.id === selected);
          return (
            <>
              {users.length === 0 ? (
                <p className="muted">{search ? `No user's name contains “${search}”.` : 'No users yet.'}</p>
              ) : (
                <table>
                  <caption>
                    {search ? `Users whose name contains “${search}”: ` : 'Users '}
                    {offset + 1}–{offset + users.length} of {total}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Username</th>
                      <th scope="col">Groups</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.map((row) => (
                      <tr key={row.id} className={row.id === selected ? 'current' : undefined}>
                        <td>{row.username}</td>
                        <td>{row.groups.map((group) => group.name).join(', ') || '—'}</td>
                        <td>{row.disabled ? 'disabled' : 'active'}</td>
                        <td>
                          <button
                            type="button"
                            className="secondary"
                            aria-label={`Manage ${row.username}`}
                            aria-pressed={row.id === selected}
                            onClick={() => setSelected(row.id === selected ? undefined : row.id)}
                          >
                            Manage
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <nav aria-label="Pages of users" className="actions">
                <button
                  type="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
                >
                  Previous page
                </button>
                <button
                  type="button"
                  disabled={offset + PAGE_SIZE >= total}
                  onClick={() => setOffset(offset + PAGE_SIZE)}
                >
                  Next page
                </button>
              </nav>
              {user && <UserPanel key={user.id} user={user} onChanged={reload} />}
            </>
          );
        }}
      </LoadedView>
    </section>
  );
}

function UserPanel({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { call } = useConsoleSession();
  const [groups] = useLoad(() => call(() => api.users.GET('/groups')), [call]);
  const [chosen, setChosen] = useState(() => new Set(user.groups.map((group) => group.id)));
  const [result, setResult] = useState<ActionResult>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [sessions, setSessions] = useState<AuthSchemas['SessionListItem'][] | undefined>(undefined);

  const act = async (run: () => Promise<Outcome<unknown>>, done: string, neededRole: string): Promise<boolean> => {
    const outcome = await run();
    setResult(outcome.ok ? { kind: 'ok', text: done } : failed(outcome.error, neededRole));
    if (outcome.ok) onChanged();
    return outcome.ok;
  };

  const saveGroups = () =>
    act(
      () => call(() => api.users.POST('/user/assign', { body: { userId: user.id, groupIds: [...chosen] } })),
      `Groups of ${user.username} saved.`,
      'ASSIGN_USERS',
    );
  const setDisabled = (disabled: boolean) =>
    act(
      () =>
        call(() =>
          disabled
            ? api.users.POST('/users/{id}/disable', { params: { path: { id: user.id } } })
            : api.users.POST('/users/{id}/enable', { params: { path: { id: user.id } } }),
        ),
      `${user.username} ${disabled ? 'disabled: their sessions ended' : 'enabled'}.`,
      'MANAGE_USERS',
    );
  const remove = () =>
    act(
      () => call(() => api.users.DELETE('/users/{id}', { params: { path: { id: user.id } } })),
      `${user.username} deleted.`,
      'MANAGE_USERS',
    );
  const showSessions = async () => {
    const outcome = await call(() => api.auth.GET('/users/{id}/sessions', { params: { path: { id: user.id } } }));
    if (outcome.ok) setSessions(outcome.data.sessions);
    else setResult(failed(outcome.error, 'MANAGE_SESSIONS'));
  };
  const endSessions = async () => {
    const outcome = await call(() => api.auth.DELETE('/users/{id}/sessions', { params: { path: { id: user.id } } }));
    setResult(
      outcome.ok
        ? { kind: 'ok', text: `Ended ${outcome.data.revoked} session(s) of ${user.username}.` }
        : failed(outcome.error, 'MANAGE_SESSIONS'),
    );
    if (outcome.ok) setSessions([]);
  };

  return (
    <section className="panel" aria-labelledby="user-panel-title">
      <h2 id="user-panel-title">{user.username}</h2>
      <p className="muted">
        User {user.id}, created {formatTime(user.createdAt)}, {user.disabled ? 'disabled' : 'active'}
      </p>
      <ActionMessage result={result} />
      <fieldset>
        <legend>Groups</legend>
        {groups.state === 'done' ? (
          groups.data.map((group) => (
            <label key={group.id} className="check">
              <input
                type="checkbox"
                checked={chosen.has(group.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(group.id);
                  else next.delete(group.id);
                  setChosen(next);
                }}
              />
              {group.name}
            </label>
          ))
        ) : (
          <p className="muted">{groups.state === 'loading' ? 'Loading groups…' : 'Groups could not be loaded.'}</p>
        )}
        <button type="button" onClick={() => void saveGroups()}>
          Save groups
        </button>
      </fieldset>
      <div className="actions">
        {user.disabled ? (
          <button type="button" className="secondary" onClick={() => void setDisabled(false)}>
            Enable
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => void setDisabled(true)}>
            Disable
          </button>
        )}
        {confirmDelete ? (
          <>
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete {user.username} for good
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        )}
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void showSessions()}>
          Show their sessions
        </button>
        <button type="button" className="secondary" onClick={() => void endSessions()}>
          End all their sessions
        </button>
      </div>
      {sessions &&
        (sessions.length === 0 ? (
          <p className="muted">No live sessions.</p>
        ) : (
          <ul aria-label={`Sessions of ${user.username}`}>
            {sessions.map((session) => (
              <li key={session.id}>
                {deviceOf(session.userAgent)} from {session.ip}, created {formatTime(session.createdAt)}, last seen{' '}
                {formatTime(session.lastSeenAt)}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

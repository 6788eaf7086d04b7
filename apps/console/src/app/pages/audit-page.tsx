import type { AuthSchemas } from '@session-mesh/api-client';
import { type FormEvent, useState } from 'react';
import { api } from '../api/send';
import { formatTime } from '../components/format';
import { LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession, useMe } from '../session/console-session';

interface Filters {
  user?: number;
  type?: string;
}

// The audit trail (GET /audit, READ_AUDIT), newest first, filtered by user
// and event types, one page at a time by the API's cursor.
export function AuditPage() {
  const { call } = useConsoleSession();
  const roles = useMe().user.roles.join();
  const [filters, setFilters] = useState<Filters>({});
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loaded, reload] = useLoad(
    () =>
      call(() => api.auth.GET('/audit', { params: { query: { ...filters, ...(cursor && { cursor }), limit: 25 } } })),
    [call, filters, cursor, roles],
  );
  const [user, setUser] = useState('');
  const [type, setType] = useState('');

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setCursor(undefined);
    setFilters({ ...(user && { user: Number(user) }), ...(type && { type }) });
  };

  return (
    <section>
      <h1>Audit trail</h1>
      <form className="inline" onSubmit={apply} aria-label="Filter events">
        <label htmlFor="audit-user">User id</label>
        <input
          id="audit-user"
          inputMode="numeric"
          pattern="[0-9]*"
          value={user}
          onChange={(event) => setUser(event.target.value)}
        />
        <label htmlFor="audit-type">Event types</label>
        <input
          id="audit-type"
          placeholder="login.succeeded,login.failed"
          value={type}
          onChange={(event) => setType(event.target.value)}
        />
        <button type="submit">Filter</button>
      </form>
      <LoadedView
        loaded={loaded}
        reload={reload}
        neededRole="READ_AUDIT"
        isEmpty={(page) => page.events.length === 0}
        empty="No events match."
      >
        {(page) => (
          <>
            <table>
              <caption>Events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">User</th>
                  <th scope="col">By</th>
                  <th scope="col">IP</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {page.events.map((event) => (
                  <tr key={event.id}>
                    <td>{formatTime(event.time)}</td>
                    <td>{event.type}</td>
                    <td>{event.username ?? event.user ?? ''}</td>
                    <td>{event.actor ?? ''}</td>
                    <td>{event.ip ?? ''}</td>
                    <td>{detailOf(event)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="actions">
              <button type="button" disabled={!cursor} onClick={() => setCursor(undefined)}>
                Newest
              </button>
              <button type="button" disabled={!page.nextCursor} onClick={() => setCursor(page.nextCursor ?? undefined)}>
                Older
              </button>
            </div>
          </>
        )}
      </LoadedView>
    </section>
  );
}

function detailOf(event: AuthSchemas['AuditEvent']): string {
  return [event.reason, event.roles?.join(', ')].filter(Boolean).join('; ');
}

import { useState } from 'react';
import { api, type Outcome } from '../api/send';
import { ChoiceEditor } from '../components/choice-editor';
import { CreateForm } from '../components/create-form';
import { ActionMessage, type ActionResult, failed, LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession } from '../session/console-session';

// Roles and the groups holding them: create a role (CREATE_ROLE), replace
// its groups (CREATE_ROLE), sign out every holder (MANAGE_SESSIONS).
export function RolesPage() {
  const { call } = useConsoleSession();
  const [loaded, reload] = useLoad(async () => {
    const [roles, groups] = await Promise.all([
      call(() => api.users.GET('/roles')),
      call(() => api.users.GET('/groups')),
    ]);
    if (!roles.ok) return roles;
    if (!groups.ok) return groups;
    return { ok: true as const, data: { roles: roles.data, groups: groups.data } };
  }, [call]);
  const [result, setResult] = useState<ActionResult>(undefined);

  const report = (outcome: Outcome<unknown>, done: string, neededRole: string): boolean => {
    setResult(outcome.ok ? { kind: 'ok', text: done } : failed(outcome.error, neededRole));
    if (outcome.ok) reload();
    return outcome.ok;
  };

  return (
    <section>
      <h1>Roles</h1>
      <ActionMessage result={result} />
      <CreateForm
        id="new-role"
        label="New role"
        button="Create role"
        hint="Upper snake case, e.g. READ_REPORTS"
        onCreate={async (name) =>
          report(await call(() => api.users.POST('/roles', { body: { name } })), `Role ${name} created.`, 'CREATE_ROLE')
        }
      />
      <LoadedView loaded={loaded} reload={reload} isEmpty={({ roles }) => roles.length === 0} empty="No roles yet.">
        {({ roles, groups }) => (
          <ul className="cards">
            {roles.map((role) => (
              <li key={role.id}>
                <h2>{role.name}</h2>
                <p>Held by: {role.groups.map((group) => group.name).join(', ') || 'no group'}</p>
                <ChoiceEditor
                  key={role.groups.map((group) => group.id).join()}
                  legend={`Groups holding ${role.name}`}
                  options={groups}
                  initial={role.groups.map((group) => group.id)}
                  saveLabel={`Save groups of ${role.name}`}
                  onSave={async (groupIds) =>
                    report(
                      await call(() =>
                        api.users.PUT('/roles/{id}/groups', { params: { path: { id: role.id } }, body: { groupIds } }),
                      ),
                      `Groups holding ${role.name} saved; affected sessions follow.`,
                      'CREATE_ROLE',
                    )
                  }
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={async () => {
                    const outcome = await call(() =>
                      api.users.DELETE('/roles/{id}/sessions', { params: { path: { id: role.id } } }),
                    );
                    report(
                      outcome,
                      outcome.ok ? `Signed out ${outcome.data.users} holder(s) of ${role.name}.` : '',
                      'MANAGE_SESSIONS',
                    );
                  }}
                >
                  Sign out everyone holding {role.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </LoadedView>
    </section>
  );
}

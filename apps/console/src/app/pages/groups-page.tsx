import { useState } from 'react';
import { api, type Outcome } from '../api/send';
import { ChoiceEditor } from '../components/choice-editor';
import { CreateForm } from '../components/create-form';
import { ActionMessage, type ActionResult, failed, LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession } from '../session/console-session';

// Groups and their roles: create a group (CREATE_GROUP), replace its roles
// (CREATE_GROUP), sign out every member (MANAGE_SESSIONS).
export function GroupsPage() {
  const { call } = useConsoleSession();
  const [loaded, reload] = useLoad(async () => {
    const [groups, roles] = await Promise.all([
      call(() => api.users.GET('/groups')),
      call(() => api.users.GET('/roles')),
    ]);
    if (!groups.ok) return groups;
    if (!roles.ok) return roles;
    return { ok: true as const, data: { groups: groups.data, roles: roles.data } };
  }, [call]);
  const [result, setResult] = useState<ActionResult>(undefined);

  const report = (outcome: Outcome<unknown>, done: string, neededRole: string): boolean => {
    setResult(outcome.ok ? { kind: 'ok', text: done } : failed(outcome.error, neededRole));
    if (outcome.ok) reload();
    return outcome.ok;
  };

  return (
    <section>
      <h1>Groups</h1>
      <ActionMessage result={result} />
      <CreateForm
        id="new-group"
        label="New group"
        button="Create group"
        onCreate={async (name) =>
          report(
            await call(() => api.users.POST('/groups', { body: { name } })),
            `Group ${name} created.`,
            'CREATE_GROUP',
          )
        }
      />
      <LoadedView loaded={loaded} reload={reload} isEmpty={({ groups }) => groups.length === 0} empty="No groups yet.">
        {({ groups, roles }) => (
          <ul className="cards">
            {groups.map((group) => (
              <li key={group.id}>
                <h2>{group.name}</h2>
                <p>Roles: {group.roles.map((role) => role.name).join(', ') || 'none'}</p>
                <ChoiceEditor
                  key={group.roles.map((role) => role.id).join()}
                  legend={`Roles of ${group.name}`}
                  options={roles}
                  initial={group.roles.map((role) => role.id)}
                  saveLabel={`Save roles of ${group.name}`}
                  onSave={async (roleIds) =>
                    report(
                      await call(() =>
                        api.users.PUT('/groups/{id}/roles', { params: { path: { id: group.id } }, body: { roleIds } }),
                      ),
                      `Roles of ${group.name} saved; its members' sessions follow.`,
                      'CREATE_GROUP',
                    )
                  }
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={async () => {
                    const outcome = await call(() =>
                      api.users.DELETE('/groups/{id}/sessions', { params: { path: { id: group.id } } }),
                    );
                    report(
                      outcome,
                      outcome.ok ? `Signed out ${outcome.data.users} member(s) of ${group.name}.` : '',
                      'MANAGE_SESSIONS',
                    );
                  }}
                >
                  Sign out everyone in {group.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </LoadedView>
    </section>
  );
}

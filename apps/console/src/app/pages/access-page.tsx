import { useState } from 'react';
import { api, type FetchResult, type Outcome } from '../api/send';
import { ChoiceEditor } from '../components/choice-editor';
import { CreateForm } from '../components/create-form';
import { ActionMessage, type ActionResult, failed, LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession } from '../session/console-session';

type Named = { id: number; name: string };

// Groups and roles are two views of one many-to-many link: a list of one
// kind, each with the other kind linked to it. One page, configured twice.
interface AccessKind<T extends Named> {
  title: string;
  // 'group' or 'role'
  noun: string;
  hint?: string;
  // The role that creating one and changing its links need.
  createRole: string;
  list: () => Promise<FetchResult<T[]>>;
  options: () => Promise<FetchResult<Named[]>>;
  linked: (item: T) => Named[];
  create: (name: string) => Promise<FetchResult<unknown>>;
  saveLinks: (id: number, ids: number[]) => Promise<FetchResult<unknown>>;
  signOut: (id: number) => Promise<FetchResult<{ users: number }>>;
  texts: {
    linked: (names: string) => string;
    legend: (name: string) => string;
    save: (name: string) => string;
    saved: (name: string) => string;
    signOut: (name: string) => string;
    signedOut: (count: number, name: string) => string;
  };
}

function AccessPage<T extends Named>({ kind }: { kind: AccessKind<T> }) {
  const { call } = useConsoleSession();
  const [loaded, reload] = useLoad(async () => {
    const [items, options] = await Promise.all([call(kind.list), call(kind.options)]);
    if (!items.ok) return items;
    if (!options.ok) return options;
    return { ok: true as const, data: { items: items.data, options: options.data } };
  }, [call, kind]);
  const [result, setResult] = useState<ActionResult>(undefined);

  const report = (outcome: Outcome<unknown>, done: string, neededRole: string): boolean => {
    setResult(outcome.ok ? { kind: 'ok', text: done } : failed(outcome.error, neededRole));
    if (outcome.ok) reload();
    return outcome.ok;
  };

  return (
    <section>
      <h1>{kind.title}</h1>
      <ActionMessage result={result} />
      <CreateForm
        id={`new-${kind.noun}`}
        label={`New ${kind.noun}`}
        button={`Create ${kind.noun}`}
        hint={kind.hint}
        onCreate={async (name) =>
          report(await call(() => kind.create(name)), `${capitalized(kind.noun)} ${name} created.`, kind.createRole)
        }
      />
      <LoadedView
        loaded={loaded}
        reload={reload}
        isEmpty={({ items }) => items.length === 0}
        empty={`No ${kind.noun}s yet.`}
      >
        {({ items, options }) => (
          <ul className="cards">
            {items.map((item) => {
              const linked = kind.linked(item);
              return (
                <li key={item.id}>
                  <h2>{item.name}</h2>
                  <p>{kind.texts.linked(linked.map((other) => other.name).join(', '))}</p>
                  <ChoiceEditor
                    key={linked.map((other) => other.id).join()}
                    legend={kind.texts.legend(item.name)}
                    options={options}
                    initial={linked.map((other) => other.id)}
                    saveLabel={kind.texts.save(item.name)}
                    onSave={async (ids) =>
                      report(
                        await call(() => kind.saveLinks(item.id, ids)),
                        kind.texts.saved(item.name),
                        kind.createRole,
                      )
                    }
                  />
                  <button
                    type="button"
                    className="secondary"
                    onClick={async () => {
                      const outcome = await call(() => kind.signOut(item.id));
                      report(
                        outcome,
                        outcome.ok ? kind.texts.signedOut(outcome.data.users, item.name) : '',
                        'MANAGE_SESSIONS',
                      );
                    }}
                  >
                    {kind.texts.signOut(item.name)}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </LoadedView>
    </section>
  );
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const byId = (id: number) => ({ params: { path: { id } } });

// Groups and their roles: create a group (CREATE_GROUP), replace its roles
// (CREATE_GROUP), sign out every member (MANAGE_SESSIONS).
const GROUPS: AccessKind<{ id: number; name: string; roles: Named[] }> = {
  title: 'Groups',
  noun: 'group',
  createRole: 'CREATE_GROUP',
  list: () => api.users.GET('/groups'),
  options: () => api.users.GET('/roles'),
  linked: (group) => group.roles,
  create: (name) => api.users.POST('/groups', { body: { name } }),
  saveLinks: (id, roleIds) => api.users.PUT('/groups/{id}/roles', { ...byId(id), body: { roleIds } }),
  signOut: (id) => api.users.DELETE('/groups/{id}/sessions', byId(id)),
  texts: {
    linked: (names) => `Roles: ${names || 'none'}`,
    legend: (name) => `Roles of ${name}`,
    save: (name) => `Save roles of ${name}`,
    saved: (name) => `Roles of ${name} saved; its members' sessions follow.`,
    signOut: (name) => `Sign out everyone in ${name}`,
    signedOut: (count, name) => `Signed out ${count} member(s) of ${name}.`,
  },
};

// Roles and the groups holding them: create a role (CREATE_ROLE), replace
// its groups (CREATE_ROLE), sign out every holder (MANAGE_SESSIONS).
const ROLES: AccessKind<{ id: number; name: string; groups: Named[] }> = {
  title: 'Roles',
  noun: 'role',
  hint: 'Upper snake case, e.g. READ_REPORTS',
  createRole: 'CREATE_ROLE',
  list: () => api.users.GET('/roles'),
  options: () => api.users.GET('/groups'),
  linked: (role) => role.groups,
  create: (name) => api.users.POST('/roles', { body: { name } }),
  saveLinks: (id, groupIds) => api.users.PUT('/roles/{id}/groups', { ...byId(id), body: { groupIds } }),
  signOut: (id) => api.users.DELETE('/roles/{id}/sessions', byId(id)),
  texts: {
    linked: (names) => `Held by: ${names || 'no group'}`,
    legend: (name) => `Groups holding ${name}`,
    save: (name) => `Save groups of ${name}`,
    saved: (name) => `Groups holding ${name} saved; affected sessions follow.`,
    signOut: (name) => `Sign out everyone holding ${name}`,
    signedOut: (count, name) => `Signed out ${count} holder(s) of ${name}.`,
  },
};

export const GroupsPage = () => <AccessPage kind={GROUPS} />;
export const RolesPage = () => <AccessPage kind={ROLES} />;

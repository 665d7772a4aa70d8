import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { UserView } from '@server/users/schemas.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

type User = Static<typeof UserView>;
type Role = User['role'];
const roles: Role[] = ['operator', 'supervisor', 'agency_officer', 'admin'];
const key = ['admin', 'users'] as const;

/** Accounts and roles (R22), the agencies' focal officers among them (R24): list by role, create, enable or disable. */
export function UsersPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const [role, setRole] = useState<Role | ''>('');
  const users = useQuery({ queryKey: [...key, role], queryFn: ({ signal }) => api.get<User[]>('/api/users', { role: role || undefined, limit: 200 }, signal) });
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: ({ signal }) => api.get<Array<{ id: string; name: string }>>('/api/agencies', undefined, signal), staleTime: 600_000 });
  const change = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.patch<User>(`/api/users/${id}`, { active }),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const empty = { username: '', fullName: '', password: '', role: 'agency_officer' as Role, agencyId: '', phone: '' };
  const [draft, setDraft] = useState(empty);
  const create = useMutation({
    mutationFn: () =>
      api.post<User>('/api/users', {
        username: draft.username.trim(),
        fullName: draft.fullName.trim(),
        password: draft.password,
        role: draft.role,
        agencyId: draft.role === 'agency_officer' ? draft.agencyId || null : null,
        ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
      }),
    onSuccess: () => setDraft(empty),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const agencyName = (id: string | null) => (id ? (agencies.data?.find((a) => a.id === id)?.name ?? '…') : t.users.noAgency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className="panel admin-page" aria-labelledby="users-heading">
      <h1 id="users-heading">{t.users.heading}</h1>
      <label className="field">
        <span className="field-label">{t.users.filterRole}</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
          <option value="">{t.users.all}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {common.roles[r]}
            </option>
          ))}
        </select>
      </label>
      {users.isPending && <Loading label={common.loading} />}
      {users.isError && <ErrorNote error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.users.username}</th>
                <th scope="col">{t.users.fullName}</th>
                <th scope="col">{t.users.role}</th>
                <th scope="col">{t.users.agency}</th>
                <th scope="col">{t.users.enabled}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.edit}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th>
                  <td>{u.fullName}</td>
                  <td>{common.roles[u.role]}</td>
                  <td>{agencyName(u.agencyId)}</td>
                  <td>{u.active ? <span className="badge badge--ok">{t.yes}</span> : <span className="badge badge--warn">{t.no}</span>}</td>
                  <td>
                    <button type="button" className="button button--small" aria-label={`${u.active ? t.users.disable : t.users.enable} ${u.username}`} onClick={() => change.mutate({ id: u.id, active: !u.active })}>
                      {u.active ? t.users.disable : t.users.enable}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {change.isError && (
        <p className="error-note" role="alert">
          {errorText(change.error)}
        </p>
      )}
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t.users.username}</span>
          <input required pattern="[a-z0-9._\-]{3,64}" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.users.fullName}</span>
          <input required maxLength={200} value={draft.fullName} onChange={(e) => setDraft({ ...draft, fullName: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.users.password}</span>
          <input type="password" required minLength={10} autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.users.role}</span>
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {common.roles[r]}
              </option>
            ))}
          </select>
        </label>
        {draft.role === 'agency_officer' && (
          <label className="field">
            <span className="field-label">{t.users.agency}</span>
            <select required value={draft.agencyId} onChange={(e) => setDraft({ ...draft, agencyId: e.target.value })}>
              <option value="">—</option>
              {(agencies.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field-label">{t.users.phone}</span>
          <input maxLength={30} value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t.users.add}
        </button>
      </form>
      {create.isError && (
        <p className="error-note" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { UserView } from '@server/users/schemas.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { adminMessages } from '../messages.js';
import { AddForm, ErrorAlert, ItemTable, Loaded, SelectField, SettingsPage, TextField, useSettingsChange, YesNo } from '../shared/SettingsList.js';

type User = Static<typeof UserView>;
type Role = User['role'];
const roles: Role[] = ['operator', 'supervisor', 'agency_officer', 'admin'];
const key = ['admin', 'users'] as const;

/** Accounts and roles (R22), the agencies' focal officers among them (R24): list by role, create, enable or disable. */
export function UsersPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const [role, setRole] = useState<Role | ''>('');
  const users = useQuery({ queryKey: [...key, role], queryFn: ({ signal }) => api.get<User[]>('/api/users', { role: role || undefined, limit: 200 }, signal) });
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: ({ signal }) => api.get<Array<{ id: string; name: string }>>('/api/agencies', undefined, signal), staleTime: 600_000 });
  const change = useSettingsChange(key, ({ id, active }: { id: string; active: boolean }) => api.patch<User>(`/api/users/${id}`, { active }));
  const empty = { username: '', fullName: '', password: '', role: 'agency_officer' as Role, agencyId: '', phone: '' };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    key,
    () =>
      api.post<User>('/api/users', {
        username: draft.username.trim(),
        fullName: draft.fullName.trim(),
        password: draft.password,
        role: draft.role,
        agencyId: draft.role === 'agency_officer' ? draft.agencyId || null : null,
        ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
      }),
    () => setDraft(empty),
  );
  const agencyName = (id: string | null) => (id ? (agencies.data?.find((a) => a.id === id)?.name ?? '…') : t.users.noAgency);
  const roleOptions = roles.map((r) => (
    <option key={r} value={r}>
      {common.roles[r]}
    </option>
  ));
  return (
    <SettingsPage id="users" heading={t.users.heading}>
      <SelectField label={t.users.filterRole} value={role} onChange={(value) => setRole(value as Role | '')}>
        <option value="">{t.users.all}</option>
        {roleOptions}
      </SelectField>
      <Loaded query={users}>
        {(data) => (
          <ItemTable
            rows={data}
            rowKey={(u) => u.id}
            columns={[
              { header: t.users.username, cell: (u) => u.username },
              { header: t.users.fullName, cell: (u) => u.fullName },
              { header: t.users.role, cell: (u) => common.roles[u.role] },
              { header: t.users.agency, cell: (u) => agencyName(u.agencyId) },
              { header: t.users.enabled, cell: (u) => <YesNo value={u.active} /> },
            ]}
            actions={(u) => (
              <button type="button" className="button button--small" aria-label={`${u.active ? t.users.disable : t.users.enable} ${u.username}`} onClick={() => change.mutate({ id: u.id, active: !u.active })}>
                {u.active ? t.users.disable : t.users.enable}
              </button>
            )}
          />
        )}
      </Loaded>
      <ErrorAlert error={change.error} />
      <AddForm label={t.users.add} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
        <TextField label={t.users.username} required pattern="[a-z0-9._\-]{3,64}" value={draft.username} onChange={(username) => setDraft({ ...draft, username })} />
        <TextField label={t.users.fullName} required maxLength={200} value={draft.fullName} onChange={(fullName) => setDraft({ ...draft, fullName })} />
        <TextField label={t.users.password} type="password" required minLength={10} autoComplete="new-password" value={draft.password} onChange={(password) => setDraft({ ...draft, password })} />
        <SelectField label={t.users.role} value={draft.role} onChange={(value) => setDraft({ ...draft, role: value as Role })}>
          {roleOptions}
        </SelectField>
        {draft.role === 'agency_officer' && (
          <SelectField label={t.users.agency} required value={draft.agencyId} onChange={(agencyId) => setDraft({ ...draft, agencyId })}>
            <option value="">—</option>
            {(agencies.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField label={t.users.phone} maxLength={30} value={draft.phone} onChange={(phone) => setDraft({ ...draft, phone })} />
      </AddForm>
    </SettingsPage>
  );
}

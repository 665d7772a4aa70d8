import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { Agency, Officer } from '@server/agencies/routes.js';
import { api } from '../../shared/api/client.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { AddForm, ErrorAlert, InlineText, ItemTable, Loaded, SelectField, SettingsPage, TextField, useSettingsChange, YesNo } from '../shared/SettingsList.js';
import { agencyAdminMessages } from './messages.js';

type AgencyView = Static<typeof Agency>;
type Kind = AgencyView['kind'];
type Patch = Partial<Pick<AgencyView, 'name' | 'hotline' | 'active'>>;
const kinds: Kind[] = ['department', 'district', 'commune', 'police', 'insurance', 'other'];
/** The list the operator desk's transfer and the users page read too. */
const key = ['agencies'] as const;

/** Level-2 agencies (R12, R24): add, change the hotline, deactivate or delete one never used; their focal officers. */
export function AgenciesPage() {
  const t = useMessages(agencyAdminMessages);
  const agencies = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<AgencyView[]>('/api/agencies', undefined, signal) });
  const [selected, setSelected] = useState<string | null>(null);
  const change = useSettingsChange(key, ({ id, body }: { id: string; body: Patch }) => api.patch<AgencyView>(`/api/agencies/${id}`, body));
  const remove = useSettingsChange(key, (id: string) => api.delete<void>(`/api/agencies/${id}`));
  const empty = { code: '', name: '', kind: 'department' as Kind, hotline: '', email: '', address: '' };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    key,
    () =>
      api.post<AgencyView>('/api/agencies', {
        code: draft.code.trim(),
        name: draft.name.trim(),
        kind: draft.kind,
        hotline: draft.hotline.trim() || null,
        email: draft.email.trim() || null,
        address: draft.address.trim() || null,
      }),
    (created) => {
      setDraft(empty);
      setSelected(created.id);
    },
  );
  const agency = agencies.data?.find((a) => a.id === selected);
  return (
    <div className="admin-page">
      <SettingsPage id="agencies" heading={t.heading} intro={t.intro}>
        <Loaded query={agencies}>
          {(data) => (
            <ItemTable
              testId="agencies"
              rows={data}
              rowKey={(a) => a.id}
              columns={[
                { header: t.name, cell: (a) => a.name },
                { header: t.code, cell: (a) => a.code },
                { header: t.kind, cell: (a) => t.kinds[a.kind] },
                {
                  header: t.hotline,
                  cell: (a) => (
                    <InlineText label={t.rowHotline(a.code)} pattern="[0-9+][0-9 .\-]{2,19}" size={14} value={a.hotline ?? ''} saveLabel={t.save} pending={change.isPending} onSave={(hotline) => change.mutate({ id: a.id, body: { hotline: hotline || null } })} />
                  ),
                },
                { header: t.active, cell: (a) => <YesNo value={a.active} /> },
              ]}
              actions={(a) => (
                <div className="admin-row-actions">
                  <button type="button" className="button button--small" aria-pressed={a.id === selected} aria-label={t.showOfficers(a.name)} onClick={() => setSelected(a.id)}>
                    {t.officers}
                  </button>
                  <button type="button" className="button button--small" aria-label={`${a.active ? t.deactivate : t.activate} ${a.name}`} onClick={() => change.mutate({ id: a.id, body: { active: !a.active } })}>
                    {a.active ? t.deactivate : t.activate}
                  </button>
                  <button type="button" className="button button--small" aria-label={`${t.remove} ${a.name}`} onClick={() => remove.mutate(a.id)}>
                    {t.remove}
                  </button>
                </div>
              )}
            />
          )}
        </Loaded>
        <ErrorAlert error={change.error ?? remove.error} />
        <AddForm label={t.add} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
          <TextField label={t.code} required pattern="[a-z0-9\-]{2,64}" value={draft.code} onChange={(code) => setDraft({ ...draft, code })} />
          <TextField label={t.name} required maxLength={300} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} />
          <SelectField label={t.kind} value={draft.kind} onChange={(kind) => setDraft({ ...draft, kind: kind as Kind })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k]}
              </option>
            ))}
          </SelectField>
          <TextField label={t.hotline} type="tel" pattern="[0-9+][0-9 .\-]{2,19}" value={draft.hotline} onChange={(hotline) => setDraft({ ...draft, hotline })} />
          <TextField label={t.email} type="email" maxLength={200} value={draft.email} onChange={(email) => setDraft({ ...draft, email })} />
          <TextField label={t.address} maxLength={500} value={draft.address} onChange={(address) => setDraft({ ...draft, address })} />
        </AddForm>
      </SettingsPage>
      {agency && <Officers key={agency.id} agency={agency} />}
    </div>
  );
}

type OfficerView = Static<typeof Officer>;

/** An agency's focal officers (R24): its agency-officer accounts, added here, enabled or disabled. */
function Officers({ agency }: { agency: AgencyView }) {
  const t = useMessages(agencyAdminMessages);
  const key = ['admin', 'agency-officers', agency.id] as const;
  const officers = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: OfficerView[] }>(`/api/agencies/${agency.id}/officers`, undefined, signal) });
  const change = useSettingsChange(key, ({ id, active }: { id: string; active: boolean }) => api.patch(`/api/users/${id}`, { active }));
  const empty = { username: '', fullName: '', password: '', phone: '' };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    key,
    () =>
      api.post('/api/users', {
        username: draft.username.trim(),
        fullName: draft.fullName.trim(),
        password: draft.password,
        role: 'agency_officer',
        agencyId: agency.id,
        ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
      }),
    () => setDraft(empty),
  );
  return (
    <SettingsPage id="agency-officers" heading={t.officersOf(agency.name)}>
      <Loaded query={officers}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">{t.noOfficers}</p>
          ) : (
            <ItemTable
              testId="agency-officers"
              rows={data.items}
              rowKey={(o) => o.id}
              columns={[
                { header: t.fullName, cell: (o) => o.fullName },
                { header: t.username, cell: (o) => o.username },
                { header: t.phone, cell: (o) => o.phone ?? '—' },
                { header: t.enabled, cell: (o) => <YesNo value={o.active} /> },
              ]}
              actions={(o) => (
                <button type="button" className="button button--small" aria-label={`${o.active ? t.disable : t.enable} ${o.username}`} onClick={() => change.mutate({ id: o.id, active: !o.active })}>
                  {o.active ? t.disable : t.enable}
                </button>
              )}
            />
          )
        }
      </Loaded>
      <ErrorAlert error={change.error} />
      <AddForm label={t.addOfficer} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
        <TextField label={t.username} required pattern="[a-z0-9._\-]{3,64}" value={draft.username} onChange={(username) => setDraft({ ...draft, username })} />
        <TextField label={t.fullName} required maxLength={200} value={draft.fullName} onChange={(fullName) => setDraft({ ...draft, fullName })} />
        <TextField label={t.password} type="password" required minLength={10} autoComplete="new-password" value={draft.password} onChange={(password) => setDraft({ ...draft, password })} />
        <TextField label={t.phone} type="tel" maxLength={30} value={draft.phone} onChange={(phone) => setDraft({ ...draft, phone })} />
      </AddForm>
    </SettingsPage>
  );
}

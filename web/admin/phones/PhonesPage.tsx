import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { PhoneView } from '@server/agents/routes.js';
import type { UserView } from '@server/users/schemas.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { ErrorAlert, ItemTable, Loaded, SettingsPage, useSettingsChange } from '../shared/SettingsList.js';
import { phoneMessages } from './messages.js';

type User = Static<typeof UserView>;
type Phone = Static<typeof PhoneView>;
type Kind = Phone['kind'];
const key = ['admin', 'phones'] as const;
/** What the server accepts (src/agents/routes.ts EndpointBody). */
const endpointPattern = '(PJSIP|IAX2|DAHDI)/[A-Za-z0-9_.@:\\-]{1,80}';

/**
 * Operators' phones (R4): the SIP endpoint the queue offers each operator's calls to (supervisors' too: they listen
 * and whisper on it). Bind one (it replaces the one they had), unbind; the server refuses a phone someone else has.
 */
export function PhonesPage() {
  const t = useMessages(phoneMessages);
  const common = useMessages(commonMessages);
  const people = useQuery({
    queryKey: [...key, 'people'],
    queryFn: async ({ signal }) => {
      const [operators, supervisors] = await Promise.all(['operator', 'supervisor'].map((role) => api.get<User[]>('/api/users', { role, active: true }, signal)));
      return [...(operators ?? []), ...(supervisors ?? [])];
    },
  });
  const phones = useQuery({ queryKey: [...key, 'list'], queryFn: ({ signal }) => api.get<{ items: Phone[] }>('/api/agents/phones', undefined, signal) });
  const bind = useSettingsChange(key, ({ userId, endpoint, kind }: { userId: string; endpoint: string; kind: Kind }) => api.put(`/api/agents/${userId}/endpoint`, { endpoint, kind }));
  const unbind = useSettingsChange(key, (userId: string) => api.delete(`/api/agents/${userId}/endpoint`));
  const phoneOf = (userId: string) => phones.data?.items.find((p) => p.userId === userId);
  const free = (phones.data?.items ?? []).filter((p) => p.userId === null);
  return (
    <SettingsPage id="phones" heading={t.heading} intro={t.intro}>
      <datalist id="free-phones">
        {free.map((p) => (
          <option key={p.endpoint} value={p.endpoint} />
        ))}
      </datalist>
      <Loaded query={people}>
        {(data) => (
          <ItemTable
            testId="phones"
            rows={data}
            rowKey={(u) => u.id}
            columns={[
              { header: t.person, cell: (u) => `${u.fullName} (${u.username})` },
              { header: t.role, cell: (u) => common.roles[u.role] },
              {
                header: t.phone,
                cell: (u) => {
                  const phone = phoneOf(u.id);
                  return phone ? `${phone.endpoint} · ${t.kinds[phone.kind]}` : <span className="muted">{t.none}</span>;
                },
              },
            ]}
            actions={(u) => (
              <div className="admin-row-actions">
                <BindForm name={u.fullName} pending={bind.isPending} onBind={(endpoint, kind) => bind.mutate({ userId: u.id, endpoint, kind })} />
                {phoneOf(u.id) && (
                  <button type="button" className="button button--small" aria-label={t.unbindFor(u.fullName)} onClick={() => unbind.mutate(u.id)}>
                    {t.unbind}
                  </button>
                )}
              </div>
            )}
          />
        )}
      </Loaded>
      <ErrorAlert error={bind.error ?? unbind.error} />
      <h2>{t.free}</h2>
      {free.length === 0 ? <p className="muted">{t.noFree}</p> : <p data-testid="free-phones">{free.map((p) => p.endpoint).join(', ')}</p>}
    </SettingsPage>
  );
}

function BindForm({ name, pending, onBind }: { name: string; pending: boolean; onBind: (endpoint: string, kind: Kind) => void }) {
  const t = useMessages(phoneMessages);
  const [endpoint, setEndpoint] = useState('');
  const [kind, setKind] = useState<Kind>('softphone');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onBind(endpoint.trim(), kind);
  };
  return (
    <form className="admin-inline" onSubmit={submit}>
      <input aria-label={t.endpointFor(name)} title={t.endpointHint} list="free-phones" required pattern={endpointPattern} maxLength={200} size={14} placeholder="PJSIP/op101" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
      <select aria-label={t.kindFor(name)} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
        <option value="softphone">{t.kinds.softphone}</option>
        <option value="ip_phone">{t.kinds.ip_phone}</option>
      </select>
      <button type="submit" className="button button--small" aria-label={t.bindFor(name)} disabled={pending}>
        {t.bind}
      </button>
    </form>
  );
}

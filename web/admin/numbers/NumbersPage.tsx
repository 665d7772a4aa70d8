import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import type { Static } from 'typebox';
import type { IvrMenuSummary } from '@server/ivr/schemas.js';
import type { InboundNumber } from '@server/numbers/routes.js';
import { api } from '../../shared/api/client.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { adminMessages } from '../messages.js';
import { AddForm, ErrorAlert, ItemTable, Loaded, SelectField, SettingsPage, TextField, useSettingsChange, YesNo } from '../shared/SettingsList.js';

type Number = Static<typeof InboundNumber>;
const key = ['admin', 'numbers'] as const;

/** The numbers citizens call (R1) and the menu each plays (a link opens it in the IVR editor); add, relabel, change the menu, stop or resume serving. */
export function NumbersPage() {
  const t = useMessages(adminMessages);
  const numbers = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Number[] }>('/api/inbound-numbers', undefined, signal) });
  const menus = useQuery({ queryKey: ['admin', 'ivr-menus'], queryFn: ({ signal }) => api.get<Static<typeof IvrMenuSummary>[]>('/api/ivr-menus', undefined, signal) });
  const change = useSettingsChange(key, ({ id, body }: { id: string; body: Partial<Pick<Number, 'label' | 'active' | 'ivrMenuId'>> }) => api.patch<Number>(`/api/inbound-numbers/${id}`, body));
  const empty = { number: '', label: '', ivrMenuId: '' };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    key,
    () => api.post<Number>('/api/inbound-numbers', { number: draft.number.trim(), label: draft.label.trim(), ivrMenuId: draft.ivrMenuId || null }),
    () => setDraft(empty),
  );
  const menuOptions = (
    <>
      <option value="">{t.numbers.defaultMenu}</option>
      {(menus.data ?? []).map((m) => (
        <option key={m.id} value={m.id}>
          {m.name} ({m.code})
        </option>
      ))}
    </>
  );
  return (
    <SettingsPage id="numbers" heading={t.numbers.heading} intro={t.numbers.intro}>
      <Loaded query={numbers}>
        {(data) => (
          <ItemTable
            rows={data.items}
            rowKey={(n) => n.id}
            columns={[
              { header: t.numbers.number, cell: (n) => n.number },
              { header: t.numbers.label, cell: (n) => n.label },
              {
                header: t.numbers.menu,
                cell: (n) => (
                  <>
                    <select aria-label={`${t.numbers.menu}, ${n.number}`} value={n.ivrMenuId ?? ''} onChange={(e) => change.mutate({ id: n.id, body: { ivrMenuId: e.target.value || null } })}>
                      {menuOptions}
                    </select>{' '}
                    <Link href={n.ivrMenuId ? `/ivr?menu=${n.ivrMenuId}` : '/ivr'} aria-label={t.numbers.editMenu(n.number)}>
                      {t.numbers.editMenuShort}
                    </Link>{' '}
                    {n.ivrMenuActive === false && <span className="muted">{t.numbers.menuOff}</span>}
                  </>
                ),
              },
              { header: t.numbers.active, cell: (n) => <YesNo value={n.active} /> },
            ]}
            actions={(n) => (
              <button type="button" className="button button--small" onClick={() => change.mutate({ id: n.id, body: { active: !n.active } })}>
                {n.active ? t.numbers.disable : t.numbers.enable}
              </button>
            )}
          />
        )}
      </Loaded>
      <ErrorAlert error={change.error} />
      <AddForm label={t.numbers.add} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
        <TextField label={t.numbers.number} required maxLength={21} value={draft.number} onChange={(number) => setDraft({ ...draft, number })} />
        <TextField label={t.numbers.label} required maxLength={200} value={draft.label} onChange={(label) => setDraft({ ...draft, label })} />
        <SelectField label={t.numbers.menu} value={draft.ivrMenuId} onChange={(ivrMenuId) => setDraft({ ...draft, ivrMenuId })}>
          {menuOptions}
        </SelectField>
      </AddForm>
    </SettingsPage>
  );
}

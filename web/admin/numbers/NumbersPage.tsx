import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { Static } from 'typebox';
import type { IvrMenuSummary } from '@server/ivr/schemas.js';
import type { InboundNumber } from '@server/numbers/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

type Number = Static<typeof InboundNumber>;
const key = ['admin', 'numbers'] as const;

/** The numbers citizens call (R1) and the menu each plays (a link opens it in the IVR editor); add, relabel, change the menu, stop or resume serving. */
export function NumbersPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const numbers = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Number[] }>('/api/inbound-numbers', undefined, signal) });
  const menus = useQuery({ queryKey: ['admin', 'ivr-menus'], queryFn: ({ signal }) => api.get<Static<typeof IvrMenuSummary>[]>('/api/ivr-menus', undefined, signal) });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<Pick<Number, 'label' | 'active' | 'ivrMenuId'>> }) => api.patch<Number>(`/api/inbound-numbers/${id}`, body),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const [draft, setDraft] = useState({ number: '', label: '', ivrMenuId: '' });
  const create = useMutation({
    mutationFn: () => api.post<Number>('/api/inbound-numbers', { number: draft.number.trim(), label: draft.label.trim(), ivrMenuId: draft.ivrMenuId || null }),
    onSuccess: () => setDraft({ number: '', label: '', ivrMenuId: '' }),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  if (numbers.isPending) return <Loading label={common.loading} />;
  if (numbers.isError) return <ErrorNote error={numbers.error} onRetry={() => void numbers.refetch()} />;
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className="panel admin-page" aria-labelledby="numbers-heading">
      <div>
        <h1 id="numbers-heading">{t.numbers.heading}</h1>
        <p className="muted">{t.numbers.intro}</p>
      </div>
      <div className="admin-table-wrap">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.numbers.number}</th>
              <th scope="col">{t.numbers.label}</th>
              <th scope="col">{t.numbers.menu}</th>
              <th scope="col">{t.numbers.active}</th>
              <th scope="col">
                <span className="visually-hidden">{t.edit}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {numbers.data.items.map((n) => (
              <tr key={n.id}>
                <th scope="row">{n.number}</th>
                <td>{n.label}</td>
                <td>
                  <select aria-label={`${t.numbers.menu}, ${n.number}`} value={n.ivrMenuId ?? ''} onChange={(e) => change.mutate({ id: n.id, body: { ivrMenuId: e.target.value || null } })}>
                    {menuOptions}
                  </select>{' '}
                  <Link href={n.ivrMenuId ? `/ivr?menu=${n.ivrMenuId}` : '/ivr'} aria-label={t.numbers.editMenu(n.number)}>
                    {t.numbers.editMenuShort}
                  </Link>{' '}
                  {n.ivrMenuActive === false && <span className="muted">{t.numbers.menuOff}</span>}
                </td>
                <td>{n.active ? <span className="badge badge--ok">{t.yes}</span> : <span className="badge badge--warn">{t.no}</span>}</td>
                <td>
                  <button type="button" className="button button--small" onClick={() => change.mutate({ id: n.id, body: { active: !n.active } })}>
                    {n.active ? t.numbers.disable : t.numbers.enable}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {change.isError && (
        <p className="error-note" role="alert">
          {errorText(change.error)}
        </p>
      )}
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t.numbers.number}</span>
          <input required maxLength={21} value={draft.number} onChange={(e) => setDraft({ ...draft, number: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.numbers.label}</span>
          <input required maxLength={200} value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} />
        </label>
        <Field label={t.numbers.menu}>
          {(fieldId) => (
            <select id={fieldId} value={draft.ivrMenuId} onChange={(e) => setDraft({ ...draft, ivrMenuId: e.target.value })}>
              {menuOptions}
            </select>
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t.numbers.add}
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

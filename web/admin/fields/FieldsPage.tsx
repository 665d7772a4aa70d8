import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { Field } from '@server/fields/routes.js';
import { api } from '../../shared/api/client.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { AddForm, ErrorAlert, InlineText, ItemTable, Loaded, SettingsPage, TextField, useSettingsChange, YesNo } from '../shared/SettingsList.js';
import { fieldMessages } from './messages.js';

type FieldView = Static<typeof Field>;
type Patch = Partial<Pick<FieldView, 'name' | 'active' | 'sortOrder'>>;
/** The same list every desk reads (ticket forms, SLA rules): changed here, fresh there. */
const key = ['fields'] as const;

/** Fields (lĩnh vực, R24): add, rename, reorder, deactivate or use again; delete only one nothing has used (409 says why). */
export function FieldsPage() {
  const t = useMessages(fieldMessages);
  const fields = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<FieldView[]>('/api/fields', undefined, signal) });
  const [deleted, setDeleted] = useState<string | null>(null);
  const change = useSettingsChange(key, ({ id, body }: { id: string; body: Patch }) => api.patch<FieldView>(`/api/fields/${id}`, body));
  const remove = useSettingsChange(key, (field: FieldView) => api.delete<void>(`/api/fields/${field.id}`).then(() => field.name), setDeleted);
  const empty = { code: '', name: '', sortOrder: '' };
  const [draft, setDraft] = useState(empty);
  const create = useSettingsChange(
    key,
    () => api.post<FieldView>('/api/fields', { code: draft.code.trim(), name: draft.name.trim(), ...(draft.sortOrder ? { sortOrder: Number(draft.sortOrder) } : {}) }),
    () => setDraft(empty),
  );
  return (
    <SettingsPage id="fields" heading={t.heading} intro={t.intro}>
      <Loaded query={fields}>
        {(data) => (
          <ItemTable
            testId="fields"
            rows={data}
            rowKey={(f) => f.id}
            columns={[
              { header: t.code, cell: (f) => f.code },
              { header: t.name, cell: (f) => <InlineText label={t.rowName(f.code)} required maxLength={300} size={40} value={f.name} saveLabel={t.rename} pending={change.isPending} onSave={(name) => change.mutate({ id: f.id, body: { name } })} /> },
              { header: t.sortOrder, cell: (f) => f.sortOrder },
              { header: t.active, cell: (f) => <YesNo value={f.active} /> },
            ]}
            actions={(f) => (
              <div className="admin-row-actions">
                <button type="button" className="button button--small" aria-label={`${f.active ? t.deactivate : t.activate} ${f.name}`} onClick={() => change.mutate({ id: f.id, body: { active: !f.active } })}>
                  {f.active ? t.deactivate : t.activate}
                </button>
                <button type="button" className="button button--small" aria-label={`${t.remove} ${f.name}`} onClick={() => remove.mutate(f)}>
                  {t.remove}
                </button>
              </div>
            )}
          />
        )}
      </Loaded>
      <ErrorAlert error={change.error ?? remove.error} />
      {deleted && remove.isSuccess && (
        <p className="admin-ok" role="status">
          {t.deleted(deleted)}
        </p>
      )}
      <AddForm label={t.add} pending={create.isPending} error={create.error} onSubmit={() => create.mutate(undefined)}>
        <TextField label={t.code} required pattern="[a-z0-9\-]{2,64}" value={draft.code} onChange={(code) => setDraft({ ...draft, code })} />
        <TextField label={t.name} required maxLength={300} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} />
        <TextField label={t.sortOrder} type="number" min={0} max={10000} value={draft.sortOrder} onChange={(sortOrder) => setDraft({ ...draft, sortOrder })} />
      </AddForm>
    </SettingsPage>
  );
}

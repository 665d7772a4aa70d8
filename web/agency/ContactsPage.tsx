import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { Agency, Officer } from '@server/agencies/routes.js';
import { api } from '../shared/api/client.js';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { useFormat } from '../shared/format/use-format.js';
import { useMe } from '../shared/session/session.js';
import { ErrorNote, Loading, useErrorText } from '../shared/ui/states.js';
import { agencyMessages } from './messages.js';

type AgencyView = Static<typeof Agency>;

/** The officer's own agency (R24): its hotline, e-mail and address, kept up to date by the agency itself; its officers. */
export function ContactsPage() {
  const common = useMessages(commonMessages);
  const me = useMe();
  const agencyId = me.data?.agencyId ?? null;
  const agency = useQuery({
    queryKey: ['agency', 'own', agencyId],
    enabled: agencyId !== null,
    queryFn: ({ signal }) => api.get<AgencyView>(`/api/agencies/${agencyId}`, undefined, signal),
  });
  if (me.isPending || agency.isPending) return <Loading label={common.loading} />;
  if (agency.isError) return <ErrorNote error={agency.error} onRetry={() => void agency.refetch()} />;
  return (
    <div className="agency-ticket-grid">
      <ContactForm key={agency.data.id} agency={agency.data} />
      <Officers agencyId={agency.data.id} />
    </div>
  );
}

function ContactForm({ agency }: { agency: AgencyView }) {
  const t = useMessages(agencyMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const [draft, setDraft] = useState({ hotline: agency.hotline ?? '', email: agency.email ?? '', address: agency.address ?? '' });
  const save = useMutation({
    mutationFn: () =>
      api.patch<AgencyView>(`/api/agencies/${agency.id}`, { hotline: draft.hotline.trim() || null, email: draft.email.trim() || null, address: draft.address.trim() || null }),
    onSuccess: (saved) => client.setQueryData(['agency', 'own', agency.id], saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="contacts-heading">
      <h1 id="contacts-heading">{t.contacts.heading(agency.name)}</h1>
      <p className="muted">{t.contacts.intro}</p>
      <form className="agency-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t.contacts.hotline}</span>
          <input type="tel" maxLength={20} value={draft.hotline} onChange={(e) => setDraft({ ...draft, hotline: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.contacts.email}</span>
          <input type="email" maxLength={200} value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.contacts.address}</span>
          <input maxLength={500} value={draft.address} onChange={(e) => setDraft({ ...draft, address: e.target.value })} />
        </label>
        {save.isSuccess && (
          <p className="agency-done" role="status">
            {t.contacts.saved}
          </p>
        )}
        {save.isError && (
          <p className="error-note" role="alert">
            {errorText(save.error)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t.contacts.save}
        </button>
      </form>
    </section>
  );
}

function Officers({ agencyId }: { agencyId: string }) {
  const t = useMessages(agencyMessages);
  const format = useFormat();
  const officers = useQuery({
    queryKey: ['agency', 'officers', agencyId],
    queryFn: ({ signal }) => api.get<{ items: Static<typeof Officer>[] }>(`/api/agencies/${agencyId}/officers`, undefined, signal),
  });
  return (
    <section className="panel" aria-labelledby="officers-heading">
      <h2 id="officers-heading">{t.contacts.officers}</h2>
      {officers.isError && <ErrorNote error={officers.error} />}
      <ul className="agency-files">
        {officers.data?.items.map((o) => (
          <li key={o.id}>
            <strong>{o.fullName}</strong> <span className="muted">({o.username})</span>
            {o.phone && ` · ${format.phone(o.phone)}`}
            {o.email && ` · ${o.email}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

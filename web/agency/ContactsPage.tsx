import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { Agency, Officer } from '@server/agencies/routes.js';
import { api } from '../shared/api/client.js';
import { commonMessages } from '../shared/i18n/common.js';
import { useMessages } from '../shared/i18n/i18n.js';
import { useFormat } from '../shared/format/use-format.js';
import { useMe } from '../shared/session/session.js';
import { ErrorNote, FailureNote, Loading } from '../shared/ui/states.js';
import { agencyMessages } from './messages.js';

type AgencyView = Static<typeof Agency>;

/** The server's phone pattern (src/agencies/routes.ts): the browser says what is wrong before sending. */
const phonePattern = '[0-9+][0-9 .\\-]{2,19}';

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
          <input type="tel" maxLength={20} pattern={phonePattern} title={t.contacts.phoneHint} value={draft.hotline} onChange={(e) => setDraft({ ...draft, hotline: e.target.value })} />
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
        <FailureNote error={save.error} />
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t.contacts.save}
        </button>
      </form>
    </section>
  );
}

type OfficerView = Static<typeof Officer>;
const officersKey = (agencyId: string) => ['agency', 'officers', agencyId] as const;

/** The agency's focal officers (R24): their accounts are the admins', their phone and e-mail the agency keeps. */
function Officers({ agencyId }: { agencyId: string }) {
  const t = useMessages(agencyMessages);
  const officers = useQuery({
    queryKey: officersKey(agencyId),
    queryFn: ({ signal }) => api.get<{ items: OfficerView[] }>(`/api/agencies/${agencyId}/officers`, undefined, signal),
  });
  return (
    <section className="panel" aria-labelledby="officers-heading">
      <h2 id="officers-heading">{t.contacts.officers}</h2>
      <p className="muted">{t.contacts.officersIntro}</p>
      {officers.isError && <ErrorNote error={officers.error} />}
      <ul className="agency-officers">
        {officers.data?.items.map((o) => (
          <OfficerRow key={o.id} agencyId={agencyId} officer={o} />
        ))}
      </ul>
    </section>
  );
}

function OfficerRow({ agencyId, officer }: { agencyId: string; officer: OfficerView }) {
  const t = useMessages(agencyMessages);
  const common = useMessages(commonMessages);
  const format = useFormat();
  const client = useQueryClient();
  const [draft, setDraft] = useState<{ phone: string; email: string } | null>(null);
  const save = useMutation({
    mutationFn: (body: { phone: string | null; email: string | null }) => api.patch<OfficerView>(`/api/agencies/${agencyId}/officers/${officer.id}`, body),
    onSuccess: () => {
      setDraft(null);
      void client.invalidateQueries({ queryKey: officersKey(agencyId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate({ phone: draft.phone.trim() || null, email: draft.email.trim() || null });
  };
  return (
    <li>
      <span>
        <strong>{officer.fullName}</strong> <span className="muted">({officer.username})</span>{' '}
        {!officer.active && <span className="badge badge--warn">{t.contacts.disabled}</span>}
      </span>
      <div>
        {officer.phone ? format.phone(officer.phone) : t.contacts.noPhone}
        {' · '}
        {officer.email ?? t.contacts.noEmail}
      </div>
      {save.isSuccess && !draft && (
        <p className="agency-done" role="status">
          {t.contacts.officerSaved}
        </p>
      )}
      {draft ? (
        <form className="agency-form" onSubmit={submit} aria-label={t.contacts.editOfficer(officer.fullName)}>
          <label className="field">
            <span className="field-label">{t.contacts.phone}</span>
            <input type="tel" maxLength={20} pattern={phonePattern} title={t.contacts.phoneHint} value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
          </label>
          <label className="field">
            <span className="field-label">{t.contacts.email}</span>
            <input type="email" maxLength={200} value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
          </label>
          <FailureNote error={save.error} />
          <div className="agency-steps">
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              {common.save}
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {common.cancel}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button--small" aria-label={t.contacts.editOfficer(officer.fullName)} onClick={() => setDraft({ phone: officer.phone ?? '', email: officer.email ?? '' })}>
          {t.contacts.edit}
        </button>
      )}
    </li>
  );
}

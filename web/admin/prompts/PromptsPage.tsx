import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { PromptView } from '@server/prompts/routes.js';
import { api, withQuery } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { uploadFile } from '../api.js';
import { adminMessages } from '../messages.js';

type Prompt = Static<typeof PromptView>;
const key = ['admin', 'prompts'] as const;

/** The prompts the menus play: which have a file, listen to each, upload a recording, regenerate the default voice. */
export function PromptsPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const prompts = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Prompt[] }>('/api/prompts', undefined, signal) });
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: ({ prompt, recording }: { prompt: string; recording: File }) => uploadFile<{ prompt: Prompt }>(withQuery('/api/prompts/upload', { name: prompt }), recording),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const regenerate = useMutation({ mutationFn: () => api.post('/api/prompts/regenerate', {}), onSettled: () => void client.invalidateQueries({ queryKey: key }) });
  if (prompts.isPending) return <Loading label={common.loading} />;
  if (prompts.isError) return <ErrorNote error={prompts.error} onRetry={() => void prompts.refetch()} />;
  const chosen = name || prompts.data.items[0]?.name || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && chosen) upload.mutate({ prompt: chosen, recording: file });
  };
  return (
    <section className="panel admin-page" aria-labelledby="prompts-heading">
      <div>
        <h1 id="prompts-heading">{t.prompts.heading}</h1>
        <p className="muted">{t.prompts.intro}</p>
      </div>
      <form className="admin-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t.prompts.uploadFor}</span>
          <select value={chosen} onChange={(e) => setName(e.target.value)}>
            {prompts.data.items.map((p) => (
              <option key={p.name}>{p.name}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t.prompts.file}</span>
          <input type="file" accept="audio/*,.wav,.mp3,.ogg" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="button button--primary" disabled={upload.isPending}>
          {t.prompts.upload}
        </button>
        <button type="button" className="button" disabled={regenerate.isPending} onClick={() => regenerate.mutate()}>
          {t.prompts.regenerate}
        </button>
      </form>
      {upload.isSuccess && (
        <p className="admin-ok" role="status">
          {t.prompts.uploaded(upload.data.prompt.name)}
        </p>
      )}
      {regenerate.isSuccess && (
        <p className="admin-ok" role="status">
          {t.prompts.regenerated}
        </p>
      )}
      {(upload.isError || regenerate.isError) && (
        <p className="error-note" role="alert">
          {errorText(upload.error ?? regenerate.error)}
        </p>
      )}
      <div className="admin-table-wrap">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.prompts.name}</th>
              <th scope="col">{t.prompts.state}</th>
              <th scope="col">{t.prompts.duration}</th>
              <th scope="col">{t.prompts.usedBy}</th>
            </tr>
          </thead>
          <tbody>
            {prompts.data.items.map((p) => (
              <tr key={p.name}>
                <th scope="row">
                  {p.name}
                  {p.defaultText && <div className="muted">{p.defaultText}</div>}
                </th>
                <td>
                  {p.present ? (
                    <>
                      <span className="badge badge--ok">{t.prompts.present}</span>{' '}
                      <audio controls preload="none" src={withQuery('/api/prompts/file', { name: p.name })} aria-label={t.prompts.listen(p.name)} />
                    </>
                  ) : (
                    <span className="badge badge--danger">{t.prompts.missing}</span>
                  )}
                </td>
                <td>{p.durationSeconds !== null ? `${p.durationSeconds.toFixed(1)} s` : '—'}</td>
                <td>{p.usedBy.map((u) => u.code).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { Field as FieldSchema } from '@server/fields/routes.js';
import type { IvrMenu, IvrMenuSummary, IvrMenuVersionSummary, SimulationResult } from '@server/ivr/schemas.js';
import type { Digit, IvrAction, IvrMenuDefinition, IvrNode } from '@server/ivr/types.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';

type Menu = Static<typeof IvrMenu>;
const digits: Digit[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];

/**
 * The IVR menu editor (R3, R5): the menu as its nodes, each with its prompts and its keys; checked live by the
 * server's validator (no dangling option, every node reachable, a timeout path everywhere) and for prompt files;
 * tried with a scripted caller; published with a note; earlier versions restorable.
 */
export function IvrPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const menus = useQuery({ queryKey: ['admin', 'ivr-menus'], queryFn: ({ signal }) => api.get<Static<typeof IvrMenuSummary>[]>('/api/ivr-menus', undefined, signal) });
  const [selected, setSelected] = useState<string | null>(null);
  const menuId = selected ?? menus.data?.[0]?.id ?? null;
  if (menus.isPending) return <Loading label={common.loading} />;
  if (menus.isError) return <ErrorNote error={menus.error} onRetry={() => void menus.refetch()} />;
  return (
    <div className="admin-page">
      <section className="panel" aria-labelledby="ivr-heading">
        <h1 id="ivr-heading">{t.ivr.heading}</h1>
        <div className="admin-menus" role="group" aria-label={t.ivr.menus}>
          {menus.data.map((m) => (
            <button key={m.id} type="button" className="button" aria-pressed={m.id === menuId} onClick={() => setSelected(m.id)}>
              {m.name} <span className="muted">({m.code}, {t.ivr.version(m.version)})</span> {!m.active && <span className="badge badge--warn">{t.inactive}</span>}
            </button>
          ))}
        </div>
      </section>
      {menuId && <MenuEditor key={menuId} id={menuId} />}
    </div>
  );
}

function MenuEditor({ id }: { id: string }) {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const menu = useQuery({ queryKey: ['admin', 'ivr-menu', id], queryFn: ({ signal }) => api.get<Menu>(`/api/ivr-menus/${id}`, undefined, signal) });
  const [draft, setDraft] = useState<IvrMenuDefinition | null>(null);
  const [note, setNote] = useState('');
  const [published, setPublished] = useState<number | null>(null);
  // The draft starts from each menu as read (and as published or restored): state adjusted while rendering.
  const [source, setSource] = useState<Menu | undefined>(undefined);
  if (menu.data && menu.data !== source) {
    setSource(menu.data);
    setDraft(structuredClone(menu.data.definition));
  }
  const validation = useQuery({
    queryKey: ['admin', 'ivr-validate', id, draft],
    enabled: draft !== null,
    retry: false,
    queryFn: async () => {
      try {
        await api.post(`/api/ivr-menus/${id}/simulate`, { events: [], definition: draft });
      } catch (error) {
        return { error: errorText(error), missing: [] as string[] };
      }
      const prompts = await api.post<{ missing: string[] }>('/api/ivr-menus/prompts-check', { definition: draft });
      return { error: null, missing: prompts.missing };
    },
  });
  const publish = useMutation({
    mutationFn: () => api.put<Menu>(`/api/ivr-menus/${id}/definition`, { version: menu.data?.version ?? 1, definition: draft, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (saved) => {
      setPublished(saved.version);
      setNote('');
      client.setQueryData(['admin', 'ivr-menu', id], saved);
      void client.invalidateQueries({ queryKey: ['admin', 'ivr-menus'] });
      void client.invalidateQueries({ queryKey: ['admin', 'ivr-versions', id] });
    },
  });
  if (menu.isPending || !draft) return <Loading label={common.loading} />;
  if (menu.isError) return <ErrorNote error={menu.error} onRetry={() => void menu.refetch()} />;
  const setNode = (name: string, node: IvrNode) => {
    setPublished(null);
    setDraft({ ...draft, nodes: { ...draft.nodes, [name]: node } });
  };
  const nodeNames = Object.keys(draft.nodes);
  return (
    <div className="admin-grid">
      <section className="panel" aria-labelledby="ivr-editor-heading">
        <h2 id="ivr-editor-heading">{t.ivr.editor(menu.data.name)}</h2>
        <Field label={t.ivr.start}>
          {(fieldId) => (
            <select id={fieldId} className="admin-field-control" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })}>
              {nodeNames.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          )}
        </Field>
        {nodeNames.map((name) => {
          const node = draft.nodes[name];
          return node ? <NodeEditor key={name} name={name} node={node} nodeNames={nodeNames} onChange={(next) => setNode(name, next)} /> : null;
        })}
        <AddNode names={nodeNames} onAdd={(name) => setNode(name, { kind: 'menu', prompts: [], options: {}, timeoutSeconds: 5, maxRetries: 2, onExhausted: { type: 'enqueue', fieldCode: null, priority: 0 } })} />
      </section>
      <div className="admin-page">
        <section className="panel" aria-labelledby="ivr-check-heading">
          <h2 id="ivr-check-heading">{t.ivr.publish}</h2>
          <div data-testid="ivr-validation" aria-live="polite">
            {validation.data?.error && <p className="admin-bad">{`${t.ivr.invalid}: ${validation.data.error}`}</p>}
            {validation.data && !validation.data.error && <p className="admin-ok">{t.ivr.valid}</p>}
            {validation.data && validation.data.missing.length > 0 && <p className="admin-warn">{t.ivr.missingPrompts(validation.data.missing.join(', '))}</p>}
          </div>
          <div className="admin-form">
            <label className="field">
              <span className="field-label">{t.ivr.note}</span>
              <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="button" className="button button--primary" disabled={publish.isPending || Boolean(validation.data?.error)} onClick={() => publish.mutate()}>
              {t.ivr.publish}
            </button>
          </div>
          {published !== null && (
            <p className="admin-ok" role="status">
              {t.ivr.published(published)}
            </p>
          )}
          {publish.isError && (
            <p className="error-note" role="alert">
              {errorText(publish.error)}
            </p>
          )}
        </section>
        <TryIt id={id} draft={draft} />
        <Versions id={id} currentVersion={menu.data.version} />
      </div>
    </div>
  );
}

function AddNode({ names, onAdd }: { names: string[]; onAdd: (name: string) => void }) {
  const t = useMessages(adminMessages);
  const [name, setName] = useState('');
  const clean = name.trim();
  return (
    <div className="admin-form">
      <label className="field">
        <span className="field-label">{t.ivr.newNodeName}</span>
        <input value={name} maxLength={50} onChange={(e) => setName(e.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={!clean || names.includes(clean)}
        onClick={() => {
          onAdd(clean);
          setName('');
        }}
      >
        {t.ivr.addNode}
      </button>
    </div>
  );
}

function NodeEditor({ name, node, nodeNames, onChange }: { name: string; node: IvrNode; nodeNames: string[]; onChange: (node: IvrNode) => void }) {
  const t = useMessages(adminMessages);
  const title = t.ivr.node(name);
  return (
    <section className="admin-node" aria-label={title} data-testid={`ivr-node-${name}`}>
      <h3>
        {title} <span className="badge">{t.ivr.kind[node.kind]}</span>
      </h3>
      <div className="admin-form">
        <label className="field">
          <span className="field-label">{t.ivr.prompts}</span>
          <input
            value={node.prompts.join(', ')}
            onChange={(e) => onChange({ ...node, prompts: e.target.value.split(',').map((p) => p.trim()).filter(Boolean) })}
          />
        </label>
        {node.kind === 'menu' && (
          <>
            <label className="field">
              <span className="field-label">{t.ivr.timeout}</span>
              <input type="number" min={1} max={60} value={node.timeoutSeconds} onChange={(e) => onChange({ ...node, timeoutSeconds: Number(e.target.value) })} />
            </label>
            <label className="field">
              <span className="field-label">{t.ivr.retries}</span>
              <input type="number" min={0} max={10} value={node.maxRetries} onChange={(e) => onChange({ ...node, maxRetries: Number(e.target.value) })} />
            </label>
          </>
        )}
      </div>
      {node.kind === 'menu' ? (
        <>
          <table className="admin-table">
            <caption className="visually-hidden">{`${t.ivr.options}, ${title}`}</caption>
            <thead>
              <tr>
                <th scope="col">{t.ivr.digit}</th>
                <th scope="col">{t.ivr.action}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.delete}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {digits
                .filter((d) => node.options[d])
                .map((digit) => (
                  <tr key={digit}>
                    <th scope="row">{digit}</th>
                    <td>
                      <ActionEditor
                        label={`${t.ivr.digit} ${digit}, ${title}`}
                        action={node.options[digit]!}
                        nodeNames={nodeNames}
                        onChange={(action) => onChange({ ...node, options: { ...node.options, [digit]: action } })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`${t.delete} ${t.ivr.removeOption(digit)}, ${title}`}
                        onClick={() => {
                          const options = { ...node.options };
                          delete options[digit];
                          onChange({ ...node, options });
                        }}
                      >
                        {t.delete}
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <AddOption
            title={title}
            free={digits.filter((d) => !node.options[d])}
            onAdd={(digit) => onChange({ ...node, options: { ...node.options, [digit]: { type: 'enqueue', fieldCode: null, priority: 0 } } })}
          />
          <div className="admin-form">
            <span className="field-label">{t.ivr.onExhausted}</span>
            <ActionEditor label={`${t.ivr.onExhausted}, ${title}`} action={node.onExhausted} nodeNames={nodeNames} onChange={(onExhausted) => onChange({ ...node, onExhausted })} />
          </div>
        </>
      ) : (
        <div className="admin-form">
          <span className="field-label">{t.ivr.next}</span>
          <ActionEditor label={`${t.ivr.next}, ${title}`} action={node.next} nodeNames={nodeNames} onChange={(next) => onChange({ ...node, next })} />
        </div>
      )}
    </section>
  );
}

function AddOption({ title, free, onAdd }: { title: string; free: Digit[]; onAdd: (digit: Digit) => void }) {
  const t = useMessages(adminMessages);
  const [digit, setDigit] = useState<Digit | ''>('');
  const chosen = digit && free.includes(digit) ? digit : (free[0] ?? '');
  if (free.length === 0) return null;
  return (
    <div className="admin-form">
      <Field label={`${t.ivr.digit}, ${title}`} hideLabel>
        {(fieldId) => (
          <select id={fieldId} className="admin-field-control" value={chosen} onChange={(e) => setDigit(e.target.value as Digit)}>
            {free.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        )}
      </Field>
      <button type="button" className="button button--small" aria-label={`${t.ivr.addOption}, ${title}`} onClick={() => chosen && onAdd(chosen)}>
        {t.ivr.addOption}
      </button>
    </div>
  );
}

function useFields() {
  return useQuery({ queryKey: ['fields'], queryFn: ({ signal }) => api.get<Static<typeof FieldSchema>[]>('/api/fields', undefined, signal), staleTime: 600_000 });
}

function ActionEditor({ label, action, nodeNames, onChange }: { label: string; action: IvrAction; nodeNames: string[]; onChange: (action: IvrAction) => void }) {
  const t = useMessages(adminMessages);
  const fields = useFields();
  const setType = (type: IvrAction['type']) => {
    if (type === 'goto') onChange({ type, node: nodeNames[0] ?? '' });
    else if (type === 'enqueue') onChange({ type, fieldCode: null, priority: 0 });
    else onChange({ type });
  };
  return (
    <span className="admin-row-actions">
      <select aria-label={`${t.ivr.action}, ${label}`} className="admin-field-control" value={action.type} onChange={(e) => setType(e.target.value as IvrAction['type'])}>
        {(['goto', 'enqueue', 'callback', 'hangup'] as const).map((type) => (
          <option key={type} value={type}>
            {t.ivr.actionType[type]}
          </option>
        ))}
      </select>
      {action.type === 'goto' && (
        <select aria-label={`${t.ivr.target}, ${label}`} className="admin-field-control" value={action.node} onChange={(e) => onChange({ type: 'goto', node: e.target.value })}>
          {nodeNames.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      )}
      {action.type === 'enqueue' && (
        <>
          <select
            aria-label={`${t.ivr.fieldCode}, ${label}`}
            className="admin-field-control"
            value={action.fieldCode ?? ''}
            onChange={(e) => onChange({ ...action, fieldCode: e.target.value || null })}
          >
            <option value="">{t.ivr.anyField}</option>
            {(fields.data ?? []).map((f) => (
              <option key={f.id} value={f.code}>
                {f.name}
              </option>
            ))}
          </select>
          <input
            type="number"
            min={0}
            max={100}
            aria-label={`${t.ivr.priority}, ${label}`}
            className="admin-field-control"
            value={action.priority}
            onChange={(e) => onChange({ ...action, priority: Number(e.target.value) })}
          />
        </>
      )}
    </span>
  );
}

function TryIt({ id, draft }: { id: string; draft: IvrMenuDefinition }) {
  const t = useMessages(adminMessages);
  const errorText = useErrorText();
  const [keys, setKeys] = useState('');
  const run = useMutation({
    mutationFn: () =>
      api.post<Static<typeof SimulationResult>>(`/api/ivr-menus/${id}/simulate`, {
        events: keys.split(/[\s,]+/).map((k) => k.trim()).filter(Boolean),
        definition: draft,
      }),
  });
  return (
    <section className="panel" aria-labelledby="ivr-try-heading">
      <h2 id="ivr-try-heading">{t.ivr.tryIt}</h2>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        <label className="field">
          <span className="field-label">{t.ivr.keys}</span>
          <input value={keys} maxLength={200} onChange={(e) => setKeys(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={run.isPending}>
          {t.ivr.run}
        </button>
      </form>
      {run.isError && (
        <p className="error-note" role="alert">
          {errorText(run.error)}
        </p>
      )}
      {run.data && (
        <div data-testid="ivr-try-result" role="status">
          <p>
            <strong>{run.data.exit ? t.ivr.exit(describeExit(run.data.exit, t.ivr.actionType)) : t.ivr.notFinished}</strong>
          </p>
          <p className="muted">
            {t.ivr.path}: {run.data.path.map((p) => (p.digit ? `${p.node} [${p.digit}]` : `${p.node} (${p.event})`)).join(' → ')}
          </p>
        </div>
      )}
    </section>
  );
}

function describeExit(exit: object, names: Record<IvrAction['type'], string>): string {
  const fields = exit as Record<string, unknown>;
  const type = fields['type'] as IvrAction['type'] | undefined;
  const name = type ? names[type] : '';
  if (type === 'enqueue') return `${name} ${String(fields['fieldCode'] ?? '—')} (${String(fields['priority'] ?? 0)})`;
  return name;
}

function Versions({ id, currentVersion }: { id: string; currentVersion: number }) {
  const t = useMessages(adminMessages);
  const format = useFormat();
  const client = useQueryClient();
  const errorText = useErrorText();
  const versions = useQuery({
    queryKey: ['admin', 'ivr-versions', id],
    queryFn: ({ signal }) => api.get<{ items: Static<typeof IvrMenuVersionSummary>[] }>(`/api/ivr-menus/${id}/versions`, undefined, signal),
  });
  const restore = useMutation({
    mutationFn: (version: number) => api.post<Menu>(`/api/ivr-menus/${id}/versions/${version}/restore`, { currentVersion }),
    onSuccess: (saved) => {
      client.setQueryData(['admin', 'ivr-menu', id], saved);
      void client.invalidateQueries({ queryKey: ['admin', 'ivr-versions', id] });
      void client.invalidateQueries({ queryKey: ['admin', 'ivr-menus'] });
    },
  });
  return (
    <section className="panel" aria-labelledby="ivr-versions-heading">
      <h2 id="ivr-versions-heading">{t.ivr.versions}</h2>
      {versions.isError && <ErrorNote error={versions.error} />}
      {restore.isError && (
        <p className="error-note" role="alert">
          {errorText(restore.error)}
        </p>
      )}
      <ol className="admin-versions" data-testid="ivr-versions">
        {versions.data?.items.map((v) => (
          <li key={v.version}>
            <strong>{t.ivr.version(v.version)}</strong>
            {v.current && <span className="badge badge--ok">{t.ivr.current}</span>}
            <span className="muted">{t.ivr.by(v.publishedByName ?? '—', format.dateTime(v.publishedAt))}</span>
            {v.note && <span>“{v.note}”</span>}
            {v.restoredFrom !== null && <span className="muted">{t.ivr.restoredFrom(v.restoredFrom)}</span>}
            {!v.current && (
              <button type="button" className="button button--small" disabled={restore.isPending} onClick={() => restore.mutate(v.version)}>
                {t.ivr.restore(v.version)}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

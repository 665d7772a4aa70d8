import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import type { Static } from 'typebox';
import type { IvrMenu, IvrMenuSummary, IvrMenuVersionSummary, MenuCheck, SimulationResult } from '@server/ivr/schemas.js';
import type { InboundNumber } from '@server/numbers/routes.js';
import type { IvrAction, IvrMenuDefinition, IvrNode } from '@server/ivr/types.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { Field } from '../../shared/ui/Field.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';
import { MenuTree } from './MenuTree.js';
import { AddNode, NodeEditor, newNode } from './NodeEditor.js';
import { notesByNode, problemText, referencesTo, treeOrder, withoutNode, type NodeNotes } from './problems.js';

type Menu = Static<typeof IvrMenu>;
type MenuSummary = Static<typeof IvrMenuSummary>;
const menusKey = ['admin', 'ivr-menus'] as const;

/**
 * The IVR menu editor (R3, R5, R24): the menus (a new one for a new number, assigned on the numbers page), and the
 * chosen one as a tree and its nodes, each with its prompts, keys, timeout / invalid path, repeat and back keys;
 * checked live by the server's validator (no dangling key, every node reachable, a timeout path everywhere) with
 * each problem and missing prompt file next to its node; tried with a scripted caller; published with a note;
 * earlier versions restorable. `?menu=<id>` opens a menu (the numbers page links so).
 */
export function IvrPage() {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const linked = new URLSearchParams(useSearch()).get('menu');
  const menus = useQuery({ queryKey: menusKey, queryFn: ({ signal }) => api.get<MenuSummary[]>('/api/ivr-menus', undefined, signal) });
  const [selected, setSelected] = useState<string | null>(null);
  const menuId = [selected, linked].find((id) => id && menus.data?.some((m) => m.id === id)) ?? menus.data?.[0]?.id ?? null;
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
        <NewMenu copyFrom={menus.data.find((m) => m.id === menuId) ?? null} onCreated={setSelected} />
      </section>
      {menuId && <MenuEditor key={menuId} id={menuId} />}
    </div>
  );
}

/** One key menu that queues every caller: valid as it is, for the admin to build on. */
const blankMenu = (): IvrMenuDefinition => ({ start: 'main', nodes: { main: { ...newNode('menu'), prompts: ['vi/main-menu'], options: { '1': { type: 'enqueue', fieldCode: null, priority: 0 } }, repeatKey: '*' } as IvrNode } });

function NewMenu({ copyFrom, onCreated }: { copyFrom: MenuSummary | null; onCreated: (id: string) => void }) {
  const t = useMessages(adminMessages);
  const client = useQueryClient();
  const errorText = useErrorText();
  const [draft, setDraft] = useState({ code: '', name: '', from: 'blank' });
  const create = useMutation({
    mutationFn: async () => {
      const definition = draft.from === 'copy' && copyFrom ? (await api.get<Menu>(`/api/ivr-menus/${copyFrom.id}`)).definition : blankMenu();
      return api.post<Menu>('/api/ivr-menus', { code: draft.code.trim(), name: draft.name.trim(), definition });
    },
    onSuccess: (created) => {
      setDraft({ code: '', name: '', from: 'blank' });
      client.setQueryData(['admin', 'ivr-menu', created.id], created);
      void client.invalidateQueries({ queryKey: menusKey });
      onCreated(created.id);
    },
  });
  return (
    <details className="admin-new-menu">
      <summary>{t.ivr.newMenu}</summary>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label className="field">
          <span className="field-label">{t.ivr.code}</span>
          <input required pattern="[a-z0-9\-]{2,64}" maxLength={64} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">{t.ivr.name}</span>
          <input required maxLength={300} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <Field label={t.ivr.startFrom}>
          {(fieldId) => (
            <select id={fieldId} className="admin-field-control" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })}>
              <option value="blank">{t.ivr.blank}</option>
              {copyFrom && <option value="copy">{t.ivr.copyOf(copyFrom.name)}</option>}
            </select>
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t.ivr.create}
        </button>
      </form>
      {create.isError && (
        <p className="error-note" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </details>
  );
}

/** The numbers that play a menu, with the way to the numbers page where a menu is assigned. */
function UsedBy({ id }: { id: string }) {
  const t = useMessages(adminMessages);
  const numbers = useQuery({ queryKey: ['admin', 'numbers'], queryFn: ({ signal }) => api.get<{ items: Static<typeof InboundNumber>[] }>('/api/inbound-numbers', undefined, signal) });
  const using = (numbers.data?.items ?? []).filter((n) => n.ivrMenuId === id);
  return (
    <p className="muted" data-testid="ivr-used-by">
      {using.length > 0 ? `${t.ivr.usedBy}: ${using.map((n) => `${n.number} (${n.label})`).join(', ')}. ` : `${t.ivr.notUsed} `}
      <Link href="/numbers">{t.ivr.assign}</Link>
    </p>
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
    queryKey: ['admin', 'ivr-validate', draft],
    enabled: draft !== null,
    retry: false,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const checked = await api.post<Static<typeof MenuCheck>>('/api/ivr-menus/check', { definition: draft });
      // The prompt files of a draft the engine can run (prompts-check refuses one it cannot).
      const runnable = checked.problems.every((p) => p.code === 'unreachable' || p.code === 'unknown_field');
      const prompts = runnable ? await api.post<{ items: Array<{ name: string; present: boolean; where: string[] }> }>('/api/ivr-menus/prompts-check', { definition: draft }) : { items: [] };
      return { ...checked, notes: notesByNode(checked.problems, prompts.items), missing: prompts.items.filter((p) => !p.present).map((p) => p.name) };
    },
  });
  const publish = useMutation({
    mutationFn: () => api.put<Menu>(`/api/ivr-menus/${id}/definition`, { version: menu.data?.version ?? 1, definition: draft, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (saved) => {
      setPublished(saved.version);
      setNote('');
      client.setQueryData(['admin', 'ivr-menu', id], saved);
      void client.invalidateQueries({ queryKey: menusKey });
      void client.invalidateQueries({ queryKey: ['admin', 'ivr-versions', id] });
    },
  });
  if (menu.isPending || !draft) return <Loading label={common.loading} />;
  if (menu.isError) return <ErrorNote error={menu.error} onRetry={() => void menu.refetch()} />;
  const change = (next: IvrMenuDefinition) => {
    setPublished(null);
    setDraft(next);
  };
  const setNode = (name: string, node: IvrNode) => change({ ...draft, nodes: { ...draft.nodes, [name]: node } });
  const nodeNames = treeOrder(draft);
  const notes = validation.data?.notes ?? new Map<string | null, NodeNotes>();
  const menuProblems = notes.get(null)?.problems ?? [];
  const problemCount = validation.data?.problems.length ?? 0;
  return (
    <div className="admin-grid">
      <section className="panel" aria-labelledby="ivr-editor-heading">
        <h2 id="ivr-editor-heading">{t.ivr.editor(menu.data.name)}</h2>
        <UsedBy id={id} />
        <Field label={t.ivr.start}>
          {(fieldId) => (
            <select id={fieldId} className="admin-field-control" value={draft.start} onChange={(e) => change({ ...draft, start: e.target.value })}>
              {nodeNames.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          )}
        </Field>
        <MenuTree definition={draft} notes={notes} />
        {nodeNames.map((name) => {
          const node = draft.nodes[name];
          return node ? (
            <NodeEditor
              key={name}
              name={name}
              node={node}
              isStart={name === draft.start}
              nodeNames={nodeNames}
              notes={notes.get(name)}
              references={referencesTo(draft, name)}
              onChange={(next) => setNode(name, next)}
              onRemove={() => change(withoutNode(draft, name))}
            />
          ) : null;
        })}
        <AddNode names={nodeNames} onAdd={(name, kind) => setNode(name, newNode(kind))} />
      </section>
      <div className="admin-page">
        <section className="panel" aria-labelledby="ivr-check-heading">
          <h2 id="ivr-check-heading">{t.ivr.publish}</h2>
          <div data-testid="ivr-validation" aria-live="polite">
            {validation.isError && <p className="admin-bad">{errorText(validation.error)}</p>}
            {validation.data && !validation.data.valid && <p className="admin-bad">{t.ivr.errorCount(problemCount)}</p>}
            {validation.data?.valid && <p className="admin-ok">{t.ivr.valid}</p>}
            {validation.data && validation.data.missing.length > 0 && <p className="admin-warn">{t.ivr.missingPrompts(validation.data.missing.join(', '))}</p>}
            {menuProblems.length > 0 && (
              <ul aria-label={t.ivr.menuErrors}>
                {menuProblems.map((p) => (
                  <li key={p.path + p.code}>{problemText(p, t.ivr)}</li>
                ))}
              </ul>
            )}
          </div>
          <div className="admin-form">
            <label className="field">
              <span className="field-label">{t.ivr.note}</span>
              <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="button" className="button button--primary" disabled={publish.isPending || validation.isPlaceholderData || validation.data?.valid !== true} onClick={() => publish.mutate()}>
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

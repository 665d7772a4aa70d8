import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { Static } from 'typebox';
import type { Field as FieldSchema } from '@server/fields/routes.js';
import type { Digit, IvrAction, IvrMenuNode, IvrNode } from '@server/ivr/types.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { Field } from '../../shared/ui/Field.js';
import { adminMessages } from '../messages.js';
import { nodeAnchor, problemText, type NodeNotes } from './problems.js';

export const digits: Digit[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
const nodeNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** A new node: a key menu with the default menu's retry prompts, or an announcement; both flagged until given a prompt. */
export function newNode(kind: IvrNode['kind']): IvrNode {
  if (kind === 'announcement') return { kind, prompts: [], bargeIn: true, next: { type: 'hangup' } };
  return {
    kind,
    prompts: [],
    options: {},
    timeoutSeconds: 6,
    maxRetries: 2,
    invalidPrompt: 'vi/invalid-input',
    timeoutPrompt: 'vi/no-input',
    onExhausted: { type: 'enqueue', fieldCode: null, priority: 0 },
  };
}

/** The node with an optional property set, or removed when empty (the validator refuses empty strings). */
function withOptional<N extends IvrNode, K extends keyof N>(node: N, key: K, value: N[K] | '' | undefined): N {
  const next = { ...node };
  if (value === '' || value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

interface NodeEditorProps {
  name: string;
  node: IvrNode;
  isStart: boolean;
  nodeNames: string[];
  notes: NodeNotes | undefined;
  references: number;
  onChange: (node: IvrNode) => void;
  onRemove: () => void;
}

/**
 * One node of the menu: its prompts; for a key menu its keys, wait and retries, the prompts after a wrong key or
 * none, the repeat and back keys, and where a caller goes when retries run out (the timeout / invalid path); for an
 * announcement whether a key interrupts it and what follows. Its problems and missing prompt files are listed at
 * its top; it can be removed after a confirmation that says what will dangle.
 */
export function NodeEditor({ name, node, isStart, nodeNames, notes, references, onChange, onRemove }: NodeEditorProps) {
  const t = useMessages(adminMessages);
  const headingId = useId();
  const title = t.ivr.node(name);
  const count = (notes?.problems.length ?? 0) + (notes?.missingPrompts.length ?? 0);
  return (
    <section className="admin-node" id={nodeAnchor(name)} tabIndex={-1} aria-labelledby={headingId} data-testid={`ivr-node-${name}`}>
      <h3 id={headingId}>
        {title} <span className="badge">{t.ivr.kind[node.kind]}</span>
        <NoteBadges notes={notes} />
      </h3>
      {notes && count > 0 && (
        <ul className="admin-node-notes" data-testid={`ivr-node-notes-${name}`}>
          {notes.problems.map((p) => (
            <li key={p.path + p.code} className="admin-bad">
              {problemText(p, t.ivr)}
            </li>
          ))}
          {notes.missingPrompts.map((prompt) => (
            <li key={prompt} className="admin-warn">
              {t.ivr.missingPrompt(prompt)} <Link href="/prompts">{t.ivr.uploadPrompts}</Link>
            </li>
          ))}
        </ul>
      )}
      <div className="admin-form">
        <label className="field">
          <span className="field-label">{t.ivr.prompts}</span>
          <input value={node.prompts.join(', ')} maxLength={2000} onChange={(e) => onChange({ ...node, prompts: e.target.value.split(',').map((p) => p.trim()).filter(Boolean) })} />
        </label>
        {node.kind === 'menu' ? (
          <MenuSettings node={node} onChange={onChange} />
        ) : (
          <label className="admin-check">
            <input type="checkbox" checked={node.bargeIn ?? false} onChange={(e) => onChange({ ...node, bargeIn: e.target.checked })} />
            <span>{t.ivr.bargeIn}</span>
          </label>
        )}
      </div>
      {node.kind === 'menu' ? (
        <MenuKeys title={title} node={node} nodeNames={nodeNames} onChange={onChange} />
      ) : (
        <div className="admin-form">
          <span className="field-label">{t.ivr.next}</span>
          <ActionEditor label={`${t.ivr.next}, ${title}`} action={node.next} nodeNames={nodeNames} onChange={(next) => onChange({ ...node, next })} />
        </div>
      )}
      {isStart ? <p className="muted">{t.ivr.startNode}</p> : <RemoveNode name={name} references={references} onRemove={onRemove} />}
    </section>
  );
}

/** How many problems and missing prompt files a node has (in its heading and in the menu map). */
export function NoteBadges({ notes }: { notes: NodeNotes | undefined }) {
  const t = useMessages(adminMessages);
  return (
    <>
      {notes && notes.problems.length > 0 && <span className="badge badge--danger">{t.ivr.errorsIn(notes.problems.length)}</span>}
      {notes && notes.missingPrompts.length > 0 && <span className="badge badge--warn">{t.ivr.missingIn(notes.missingPrompts.length)}</span>}
    </>
  );
}

function MenuSettings({ node, onChange }: { node: IvrMenuNode; onChange: (node: IvrNode) => void }) {
  const t = useMessages(adminMessages);
  const keyChoices = (current: Digit | undefined) => digits.filter((d) => d === current || !node.options[d]);
  return (
    <>
      <label className="field">
        <span className="field-label">{t.ivr.timeout}</span>
        <input type="number" min={1} max={60} value={node.timeoutSeconds} onChange={(e) => onChange({ ...node, timeoutSeconds: Number(e.target.value) })} />
      </label>
      <label className="field">
        <span className="field-label">{t.ivr.retries}</span>
        <input type="number" min={0} max={5} value={node.maxRetries} onChange={(e) => onChange({ ...node, maxRetries: Number(e.target.value) })} />
      </label>
      <label className="field">
        <span className="field-label">{t.ivr.invalidPrompt}</span>
        <input value={node.invalidPrompt ?? ''} maxLength={100} placeholder={t.ivr.noPrompt} onChange={(e) => onChange(withOptional(node, 'invalidPrompt', e.target.value.trim()))} />
      </label>
      <label className="field">
        <span className="field-label">{t.ivr.timeoutPrompt}</span>
        <input value={node.timeoutPrompt ?? ''} maxLength={100} placeholder={t.ivr.noPrompt} onChange={(e) => onChange(withOptional(node, 'timeoutPrompt', e.target.value.trim()))} />
      </label>
      {(['repeatKey', 'backKey'] as const).map((key) => (
        <Field key={key} label={t.ivr[key]}>
          {(fieldId) => (
            <select
              id={fieldId}
              className="admin-field-control"
              value={node[key] ?? ''}
              onChange={(e) => onChange(withOptional(node, key, e.target.value as Digit | ''))}
            >
              <option value="">{t.ivr.noKey}</option>
              {keyChoices(node[key]).map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          )}
        </Field>
      ))}
    </>
  );
}

function MenuKeys({ title, node, nodeNames, onChange }: { title: string; node: IvrMenuNode; nodeNames: string[]; onChange: (node: IvrNode) => void }) {
  const t = useMessages(adminMessages);
  return (
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
        free={digits.filter((d) => !node.options[d] && d !== node.repeatKey && d !== node.backKey)}
        onAdd={(digit) => onChange({ ...node, options: { ...node.options, [digit]: { type: 'enqueue', fieldCode: null, priority: 0 } } })}
      />
      <div className="admin-form">
        <span className="field-label">{t.ivr.onExhausted}</span>
        <ActionEditor label={`${t.ivr.onExhausted}, ${title}`} action={node.onExhausted} nodeNames={nodeNames} onChange={(onExhausted) => onChange({ ...node, onExhausted })} />
      </div>
    </>
  );
}

function RemoveNode({ name, references, onRemove }: { name: string; references: number; onRemove: () => void }) {
  const t = useMessages(adminMessages);
  const common = useMessages(commonMessages);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  const textId = useId();
  // Focus moves to the confirmation, and back to the button that opened it when cancelled (keyboard users).
  useEffect(() => {
    if (confirming) {
      opened.current = true;
      confirmButton.current?.focus();
    } else if (opened.current) openButton.current?.focus();
  }, [confirming]);
  if (!confirming) {
    return (
      <button ref={openButton} type="button" className="button button--small" onClick={() => setConfirming(true)}>
        {t.ivr.removeNode(name)}
      </button>
    );
  }
  return (
    <div className="admin-confirm" role="group" aria-labelledby={textId}>
      <p id={textId} className="admin-warn">
        {t.ivr.confirmRemove(name, references)}
      </p>
      <button ref={confirmButton} type="button" className="button button--danger" onClick={onRemove}>
        {t.ivr.confirmRemoveButton}
      </button>{' '}
      <button type="button" className="button" onClick={() => setConfirming(false)}>
        {common.cancel}
      </button>
    </div>
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

/** A node name and kind for a new node; the name as the validator takes it. */
export function AddNode({ names, onAdd }: { names: string[]; onAdd: (name: string, kind: IvrNode['kind']) => void }) {
  const t = useMessages(adminMessages);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<IvrNode['kind']>('menu');
  const hintId = useId();
  const clean = name.trim();
  const usable = nodeNamePattern.test(clean) && !names.includes(clean);
  return (
    <div className="admin-form">
      <label className="field">
        <span className="field-label">{t.ivr.newNodeName}</span>
        <input value={name} maxLength={64} aria-describedby={hintId} aria-invalid={clean !== '' && !usable} onChange={(e) => setName(e.target.value)} />
        <span id={hintId} className="muted">
          {t.ivr.nodeNameHint}
        </span>
      </label>
      <Field label={t.ivr.newNodeKind}>
        {(fieldId) => (
          <select id={fieldId} className="admin-field-control" value={kind} onChange={(e) => setKind(e.target.value as IvrNode['kind'])}>
            <option value="menu">{t.ivr.kind.menu}</option>
            <option value="announcement">{t.ivr.kind.announcement}</option>
          </select>
        )}
      </Field>
      <button
        type="button"
        className="button"
        disabled={!usable}
        onClick={() => {
          onAdd(clean, kind);
          setName('');
        }}
      >
        {t.ivr.addNode}
      </button>
    </div>
  );
}

function useFields() {
  return useQuery({ queryKey: ['fields'], queryFn: ({ signal }) => api.get<Static<typeof FieldSchema>[]>('/api/fields', undefined, signal), staleTime: 600_000 });
}

/** An action: go to a node (a removed node stays listed, marked, until another is chosen), queue, callback, hang up. */
export function ActionEditor({ label, action, nodeNames, onChange }: { label: string; action: IvrAction; nodeNames: string[]; onChange: (action: IvrAction) => void }) {
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
        <select
          aria-label={`${t.ivr.target}, ${label}`}
          aria-invalid={!nodeNames.includes(action.node)}
          className="admin-field-control"
          value={action.node}
          onChange={(e) => onChange({ type: 'goto', node: e.target.value })}
        >
          {!nodeNames.includes(action.node) && <option value={action.node}>{`${action.node} ✗`}</option>}
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
            min={-100}
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

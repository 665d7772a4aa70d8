import type { ReactNode } from 'react';
import type { IvrAction, IvrMenuDefinition } from '@server/ivr/types.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { adminMessages } from '../messages.js';
import { NoteBadges } from './NodeEditor.js';
import { actionsOf, nodeAnchor, type NodeNotes } from './problems.js';

/**
 * The menu as a tree from its start node (R3): each node with its keys and where each leads, a node shown once (a
 * key back to a node shown earlier says so), the nodes no key leads to listed apart. Each node links to its editor;
 * a node with problems or missing prompts says how many.
 */
export function MenuTree({ definition, notes }: { definition: IvrMenuDefinition; notes: Map<string | null, NodeNotes> }) {
  const t = useMessages(adminMessages);
  const shown = new Set<string>();
  const describe = (action: IvrAction) => {
    if (action.type === 'enqueue') return `${t.ivr.actionType.enqueue}: ${action.fieldCode ?? t.ivr.anyField} (${t.ivr.priority} ${action.priority})`;
    if (action.type === 'goto') return `${t.ivr.actionType.goto} “${action.node}”`;
    return t.ivr.actionType[action.type];
  };
  const nodeItem = (name: string): ReactNode => {
    shown.add(name);
    const node = definition.nodes[name];
    return (
      <>
        <a href={`#${nodeAnchor(name)}`}>{t.ivr.node(name)}</a> <span className="muted">{node ? t.ivr.kind[node.kind] : ''}</span>
        <NoteBadges notes={notes.get(name)} />
        <ul>
          {actionsOf(definition, name).map(({ digit, action }) => (
            <li key={digit ?? 'path'}>
              {digit ? `${t.ivr.digit} ${digit}` : node?.kind === 'announcement' ? t.ivr.next : t.ivr.onExhausted} → {describe(action)}
              {action.type === 'goto' && definition.nodes[action.node] && (shown.has(action.node) ? <span className="muted"> ({t.ivr.shownAbove})</span> : <ul><li>{nodeItem(action.node)}</li></ul>)}
            </li>
          ))}
        </ul>
      </>
    );
  };
  const root = definition.nodes[definition.start] ? nodeItem(definition.start) : null;
  const unreachable: ReactNode[] = [];
  for (const name of Object.keys(definition.nodes)) if (!shown.has(name)) unreachable.push(<li key={name}>{nodeItem(name)}</li>);
  return (
    <nav className="admin-tree" aria-labelledby="ivr-tree-heading" data-testid="ivr-tree">
      <h3 id="ivr-tree-heading">{t.ivr.tree}</h3>
      <p className="muted">{t.ivr.treeHint}</p>
      {root && (
        <ul>
          <li>{root}</li>
        </ul>
      )}
      {unreachable.length > 0 && (
        <>
          <p className="admin-warn">{t.ivr.unreachable}:</p>
          <ul>{unreachable}</ul>
        </>
      )}
    </nav>
  );
}

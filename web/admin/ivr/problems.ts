import type { Static } from 'typebox';
import type { MenuCheck } from '@server/ivr/schemas.js';
import type { IvrAction, IvrMenuDefinition } from '@server/ivr/types.js';
import type { adminMessages } from '../messages.js';

export type Problem = Static<typeof MenuCheck>['problems'][number];
type IvrTexts = (typeof adminMessages)['vi']['ivr'];

/** What the editor shows next to a node: the validator's problems and the prompts without a file, in the node they are in. */
export interface NodeNotes {
  problems: Problem[];
  missingPrompts: string[];
}

/** The node a path such as `nodes.main.options.7.node` is in. */
export const nodeOfPath = (path: string): string | null => (path.startsWith('nodes.') ? (path.split('.')[1] ?? null) : null);

/** Where in its node a problem is, in the admin's words: `nodes.main.options.7.node` → "Phím 7". */
export function placeOf(path: string, t: IvrTexts): string | null {
  const [, , part, key] = path.split('.');
  switch (part) {
    case 'options':
      return key ? `${t.digit} ${key}` : t.options;
    case 'onExhausted':
      return t.onExhausted;
    case 'next':
      return t.next;
    case 'prompts':
      return t.prompts;
    case 'timeoutSeconds':
      return t.timeout;
    case 'maxRetries':
      return t.retries;
    case 'invalidPrompt':
      return t.invalidPrompt;
    case 'timeoutPrompt':
      return t.timeoutPrompt;
    case 'repeatKey':
      return t.repeatKey;
    case 'backKey':
      return t.backKey;
    default:
      return null;
  }
}

/** A problem in the admin's language (the validator's English message only for what has no wording). */
export function problemText(problem: Problem, t: IvrTexts): string {
  const words = problem.code === 'invalid' ? problem.message : t.problem[problem.code](problem.target ?? '');
  const place = placeOf(problem.path, t);
  return place ? `${place}: ${words}` : words;
}

/** The problems and missing prompts of each node; those of the whole menu under null. */
export function notesByNode(problems: Problem[], prompts: Array<{ name: string; present: boolean; where: string[] }>): Map<string | null, NodeNotes> {
  const notes = new Map<string | null, NodeNotes>();
  const of = (node: string | null) => {
    const found = notes.get(node) ?? { problems: [], missingPrompts: [] };
    notes.set(node, found);
    return found;
  };
  for (const problem of problems) of(problem.node).problems.push(problem);
  for (const prompt of prompts.filter((p) => !p.present)) {
    for (const node of new Set(prompt.where.map(nodeOfPath))) of(node).missingPrompts.push(prompt.name);
  }
  return notes;
}

/** The actions of a node with where they are: its keys, its timeout/invalid path, an announcement's next. */
export function actionsOf(definition: IvrMenuDefinition, name: string): Array<{ digit: string | null; action: IvrAction }> {
  const node = definition.nodes[name];
  if (!node) return [];
  if (node.kind === 'announcement') return [{ digit: null, action: node.next }];
  return [...Object.entries(node.options).map(([digit, action]) => ({ digit, action: action! })), { digit: null, action: node.onExhausted }];
}

/** How many keys and paths of the other nodes lead to a node (what removing it leaves dangling). */
export function referencesTo(definition: IvrMenuDefinition, target: string): number {
  return Object.keys(definition.nodes)
    .filter((name) => name !== target)
    .flatMap((name) => actionsOf(definition, name))
    .filter(({ action }) => action.type === 'goto' && action.node === target).length;
}

/** A draft without a node. */
export function withoutNode(definition: IvrMenuDefinition, name: string): IvrMenuDefinition {
  const nodes = { ...definition.nodes };
  delete nodes[name];
  return { ...definition, nodes };
}

/** The id of a node's editor, which the menu map links to. */
export const nodeAnchor = (name: string) => `ivr-node-${name}`;

/** The node names in the order of the menu map: from the start node, depth first along the keys; the unreachable last. */
export function treeOrder(definition: IvrMenuDefinition): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name) || !definition.nodes[name]) return;
    order.push(name);
    for (const { action } of actionsOf(definition, name)) if (action.type === 'goto') visit(action.node);
  };
  visit(definition.start);
  return [...order, ...Object.keys(definition.nodes).filter((name) => !order.includes(name))];
}

import type { Digit, IvrAction, IvrMenuDefinition } from './types.js';

/**
 * Checks an IVR menu definition received as JSON (admin API, database) before the engine runs it.
 * Messages are in English and name the path of the bad value, e.g. `nodes.main.options.7.node: unknown node "x"`.
 */
export type MenuValidation = { ok: true; value: IvrMenuDefinition } | { ok: false; errors: string[]; problems: MenuProblem[] };

/**
 * What kind of problem, for the menu editor to say it in the admin's language next to the node: `unknown_node` (an
 * option or path to a node that does not exist: `target` names it), `unreachable` (nothing leads to the node from the
 * start), `prompts` / `prompt_name`, `options` (no key), `key` (a repeat or back key that is also an option), `range`
 * (timeout, retries, priority), `loop` (a silent loop), `unknown_field` (`target`: the field code), `invalid` (the rest).
 */
export type MenuProblemCode = 'unknown_node' | 'unreachable' | 'prompts' | 'prompt_name' | 'options' | 'key' | 'range' | 'loop' | 'unknown_field' | 'invalid';
export const menuProblemCodes: readonly MenuProblemCode[] = ['unknown_node', 'unreachable', 'prompts', 'prompt_name', 'options', 'key', 'range', 'loop', 'unknown_field', 'invalid'];

/** One problem of a definition: where (`nodes.main.options.7.node`), in which node (null: the whole menu), what. */
export interface MenuProblem {
  path: string;
  node: string | null;
  code: MenuProblemCode;
  message: string;
  target?: string;
}

/** The node a problem path is in: `nodes.main.options.7` → `main`. */
export const nodeOfPath = (path: string): string | null => (path.startsWith('nodes.') ? (path.slice('nodes.'.length).split('.')[0] ?? null) : null);

export const problem = (path: string, code: MenuProblemCode, message: string, target?: string): MenuProblem => ({
  path,
  node: nodeOfPath(path),
  code,
  message,
  ...(target !== undefined ? { target } : {}),
});
export const problemText = (p: MenuProblem) => `${p.path}: ${p.message}`;

export const digits: readonly Digit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];
export const isDigit = (value: unknown): value is Digit => typeof value === 'string' && (digits as readonly string[]).includes(value);

export const limits = {
  nodes: 100,
  promptsPerNode: 20,
  timeoutSeconds: { min: 1, max: 60 },
  maxRetries: { min: 0, max: 5 },
  priority: { min: -100, max: 100 },
} as const;

const nodeNamePattern = /^[A-Za-z0-9_-]{1,64}$/;
const promptPattern = /^[a-z0-9_/-]{1,100}$/;
const fieldCodePattern = /^[a-z0-9-]{2,64}$/;

/**
 * A prompt is a file name under Asterisk's sounds directory, never a path out of it: lower-case letters, digits,
 * `_`, `-`, `/` between names (no leading, trailing or double `/`; `.` is not allowed at all, so no `..`).
 */
export function isSafePromptName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    promptPattern.test(value) &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//') &&
    !value.includes('..')
  );
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIntegerIn = (value: unknown, range: { min: number; max: number }) =>
  typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;

class Checker {
  readonly problems: MenuProblem[] = [];
  constructor(private readonly nodeNames: ReadonlySet<string>) {}

  fail(path: string, message: string, code: MenuProblemCode = 'invalid', target?: string): void {
    this.problems.push(problem(path, code, message, target));
  }

  onlyKeys(path: string, value: Json, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(path ? `${path}.${key}` : key, `unknown property (allowed: ${allowed.join(', ')})`);
    }
  }

  prompt(path: string, value: unknown): void {
    if (!isSafePromptName(value)) {
      this.fail(path, `invalid prompt name ${JSON.stringify(value)} (lower-case a-z 0-9 _ - and / between names, up to 100 characters, e.g. "vi/greeting")`, 'prompt_name');
    }
  }

  prompts(path: string, value: unknown): void {
    if (!Array.isArray(value) || value.length === 0 || value.length > limits.promptsPerNode) {
      this.fail(path, `must be a list of 1 to ${limits.promptsPerNode} prompt names`, 'prompts');
      return;
    }
    value.forEach((prompt, i) => this.prompt(`${path}.${i}`, prompt));
  }

  action(path: string, value: unknown): void {
    if (!isObject(value)) {
      this.fail(path, 'must be an action object: goto, enqueue, callback or hangup');
      return;
    }
    switch (value.type) {
      case 'goto':
        this.onlyKeys(path, value, ['type', 'node']);
        if (typeof value.node !== 'string') this.fail(`${path}.node`, 'must be the name of a node');
        else if (!this.nodeNames.has(value.node)) this.fail(`${path}.node`, `unknown node ${JSON.stringify(value.node)}`, 'unknown_node', value.node);
        return;
      case 'enqueue':
        this.onlyKeys(path, value, ['type', 'fieldCode', 'priority']);
        if (value.fieldCode !== null && !(typeof value.fieldCode === 'string' && fieldCodePattern.test(value.fieldCode))) {
          this.fail(`${path}.fieldCode`, 'must be a field code (a-z 0-9 -, 2 to 64 characters) or null');
        }
        if (!isIntegerIn(value.priority, limits.priority)) {
          this.fail(`${path}.priority`, `must be an integer from ${limits.priority.min} to ${limits.priority.max}`, 'range');
        }
        return;
      case 'callback':
        this.onlyKeys(path, value, ['type']);
        return;
      case 'hangup':
        this.onlyKeys(path, value, ['type', 'prompt']);
        if (value.prompt !== undefined) this.prompt(`${path}.prompt`, value.prompt);
        return;
      default:
        this.fail(`${path}.type`, `unknown action type ${JSON.stringify(value.type)} (goto, enqueue, callback or hangup)`);
    }
  }

  key(path: string, value: unknown, options: Json): void {
    if (value === undefined) return;
    if (!isDigit(value)) this.fail(path, `invalid key ${JSON.stringify(value)} (0-9, * or #)`);
    else if (value in options) this.fail(path, `key "${value}" is also an option of this menu`, 'key', value);
  }

  menu(path: string, node: Json): void {
    this.onlyKeys(path, node, ['kind', 'prompts', 'options', 'timeoutSeconds', 'maxRetries', 'invalidPrompt', 'timeoutPrompt', 'repeatKey', 'backKey', 'onExhausted']);
    this.prompts(`${path}.prompts`, node.prompts);
    const options = isObject(node.options) ? node.options : {};
    if (!isObject(node.options) || Object.keys(options).length === 0) this.fail(`${path}.options`, 'must map at least one key to an action', 'options');
    for (const [key, action] of Object.entries(options)) {
      if (!isDigit(key)) this.fail(`${path}.options.${key}`, `invalid key ${JSON.stringify(key)} (0-9, * or #)`);
      else this.action(`${path}.options.${key}`, action);
    }
    const { timeoutSeconds: timeout, maxRetries: retries } = limits;
    if (!isIntegerIn(node.timeoutSeconds, timeout)) this.fail(`${path}.timeoutSeconds`, `must be an integer from ${timeout.min} to ${timeout.max}`, 'range');
    if (!isIntegerIn(node.maxRetries, retries)) this.fail(`${path}.maxRetries`, `must be an integer from ${retries.min} to ${retries.max}`, 'range');
    if (node.invalidPrompt !== undefined) this.prompt(`${path}.invalidPrompt`, node.invalidPrompt);
    if (node.timeoutPrompt !== undefined) this.prompt(`${path}.timeoutPrompt`, node.timeoutPrompt);
    this.key(`${path}.repeatKey`, node.repeatKey, options);
    this.key(`${path}.backKey`, node.backKey, options);
    if (node.repeatKey !== undefined && node.repeatKey === node.backKey) this.fail(`${path}.backKey`, 'must differ from repeatKey', 'key', String(node.backKey));
    this.action(`${path}.onExhausted`, node.onExhausted);
  }

  announcement(path: string, node: Json): void {
    this.onlyKeys(path, node, ['kind', 'prompts', 'bargeIn', 'next']);
    this.prompts(`${path}.prompts`, node.prompts);
    if (node.bargeIn !== undefined && typeof node.bargeIn !== 'boolean') this.fail(`${path}.bargeIn`, 'must be true or false');
    this.action(`${path}.next`, node.next);
  }
}

/**
 * The edge a node follows when the caller presses nothing: an announcement's `next`, a menu's `onExhausted`.
 * If these edges form a cycle, a silent caller (or an announcement loop) would hold the line forever.
 */
function silentCycles(definition: IvrMenuDefinition): MenuProblem[] {
  const silentNext = (name: string): string | null => {
    const node = definition.nodes[name];
    const action: IvrAction | undefined = node?.kind === 'announcement' ? node.next : node?.onExhausted;
    return action?.type === 'goto' ? action.node : null;
  };
  const errors: MenuProblem[] = [];
  const settled = new Set<string>();
  for (const from of Object.keys(definition.nodes)) {
    const trail: string[] = [];
    let current: string | null = from;
    while (current !== null && !settled.has(current) && !trail.includes(current)) {
      trail.push(current);
      current = silentNext(current);
    }
    if (current !== null && trail.includes(current)) {
      const cycle = [...trail.slice(trail.indexOf(current)), current];
      const onlyAnnouncements = cycle.every((name) => definition.nodes[name]?.kind === 'announcement');
      const closing = trail[trail.length - 1] ?? current;
      const edge = `nodes.${closing}.${definition.nodes[closing]?.kind === 'announcement' ? 'next' : 'onExhausted'}.node`;
      errors.push(
        problem(
          edge,
          'loop',
          onlyAnnouncements ? `announcements loop forever without a menu: ${cycle.join(' → ')}` : `a caller who presses nothing would loop forever: ${cycle.join(' → ')}`,
          cycle.join(' → '),
        ),
      );
    }
    for (const name of trail) settled.add(name);
  }
  return errors;
}

export function validateMenuDefinition(input: unknown): MenuValidation {
  if (!isObject(input)) {
    const notAnObject = problem('definition', 'invalid', 'must be an object with "start" and "nodes"');
    return { ok: false, errors: [problemText(notAnObject)], problems: [notAnObject] };
  }
  const nodes = isObject(input.nodes) ? input.nodes : null;
  const names = Object.keys(nodes ?? {});
  const checker = new Checker(new Set(names));
  checker.onlyKeys('', input, ['start', 'nodes']);
  if (!nodes || names.length === 0) checker.fail('nodes', 'must be an object with at least one node');
  if (names.length > limits.nodes) checker.fail('nodes', `at most ${limits.nodes} nodes`);
  if (typeof input.start !== 'string') checker.fail('start', 'must be the name of the first node');
  else if (!names.includes(input.start)) checker.fail('start', `unknown node ${JSON.stringify(input.start)}`);

  for (const [name, node] of Object.entries(nodes ?? {})) {
    const path = `nodes.${name}`;
    if (!nodeNamePattern.test(name)) checker.fail(path, 'node names are 1 to 64 characters: A-Z a-z 0-9 _ -');
    if (!isObject(node)) checker.fail(path, 'must be a node object');
    else if (node.kind === 'menu') checker.menu(path, node);
    else if (node.kind === 'announcement') checker.announcement(path, node);
    else checker.fail(`${path}.kind`, `must be "menu" or "announcement", not ${JSON.stringify(node.kind)}`);
  }
  const definition = input as unknown as IvrMenuDefinition;
  const problems = checker.problems.length > 0 ? checker.problems : silentCycles(definition);
  return problems.length > 0 ? { ok: false, errors: problems.map(problemText), problems } : { ok: true, value: definition };
}

/** The nodes a goto of a node leads to (its options, its timeout/invalid path, an announcement's next), from JSON as received. */
function gotoTargets(node: unknown): string[] {
  if (!isObject(node)) return [];
  const actions = [...(isObject(node.options) ? Object.values(node.options) : []), node.onExhausted, node.next];
  return actions.flatMap((a) => (isObject(a) && a.type === 'goto' && typeof a.node === 'string' ? [a.node] : []));
}

/**
 * The nodes no caller can reach from the start node, whatever they press (issue 14: "every node reachable"). Checked
 * on a draft even when it has other problems, so the editor flags a node cut off by removing another one at once.
 * Saving refuses them (src/ivr/service.ts); a stored menu with one still runs (the engine never enters it).
 */
export function unreachableNodes(input: unknown): MenuProblem[] {
  if (!isObject(input) || !isObject(input.nodes)) return [];
  const nodes = input.nodes;
  if (typeof input.start !== 'string' || !Object.hasOwn(nodes, input.start)) return [];
  const reached = new Set<string>([input.start]);
  const queue = [input.start];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const target of gotoTargets(nodes[name])) {
      if (Object.hasOwn(nodes, target) && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return Object.keys(nodes)
    .filter((name) => !reached.has(name))
    .map((name) => problem(`nodes.${name}`, 'unreachable', `no key, timeout path or "next" leads here from the start node "${String(input.start)}"`));
}

/** Every problem of a draft for the editor and for saving: those the engine refuses, then the unreachable nodes. */
export function menuProblems(input: unknown): MenuProblem[] {
  const checked = validateMenuDefinition(input);
  return [...(checked.ok ? [] : checked.problems), ...unreachableNodes(input)];
}

/** The field codes a definition hands callers to, with where each is used (for checking them against the fields table). */
export function enqueuedFieldCodes(definition: IvrMenuDefinition): Array<{ path: string; fieldCode: string }> {
  const found: Array<{ path: string; fieldCode: string }> = [];
  const visit = (path: string, action: IvrAction | undefined) => {
    if (action?.type === 'enqueue' && action.fieldCode !== null) found.push({ path: `${path}.fieldCode`, fieldCode: action.fieldCode });
  };
  for (const [name, node] of Object.entries(definition.nodes)) {
    if (node.kind === 'announcement') visit(`nodes.${name}.next`, node.next);
    else {
      for (const [key, action] of Object.entries(node.options)) visit(`nodes.${name}.options.${key}`, action);
      visit(`nodes.${name}.onExhausted`, node.onExhausted);
    }
  }
  return found;
}

import type { IvrAction, IvrAnnouncementNode, IvrMenuDefinition, IvrMenuNode, IvrPathEntry } from './types.js';
import { isDigit, validateMenuDefinition } from './validate.js';

export { validateMenuDefinition } from './validate.js';

/** What the call side must do next, in order. The engine has no I/O and no timers: it only says what to do. */
export type IvrCommand =
  /** Stop any current playback, then play these in order (one ARI playback, `sound:a,sound:b`). */
  | { type: 'play'; prompts: string[]; bargeIn: boolean }
  | { type: 'stopPlayback' }
  /** The digit timeout; replaces any running timer. */
  | { type: 'startTimer'; seconds: number }
  | { type: 'cancelTimer' }
  /** Leave the IVR: enqueue, callback or hangup. */
  | { type: 'finish'; action: IvrExit };

export type IvrExit = Exclude<IvrAction, { type: 'goto' }>;

/**
 * Where the session is: before start, playing prompts (waiting for onPlaybackFinished), waiting for a digit
 * (a timer runs), or done.
 */
export type IvrPhase = 'idle' | 'playing' | 'waiting' | 'finished';

/**
 * One caller's way through an IVR menu definition (R3), as a state machine: each event method returns the commands
 * the call side must carry out. Events that make no sense in the current phase (a stale playback or timer event, a
 * digit after the IVR finished, a digit during an announcement that does not allow barge-in) return [] and change
 * nothing, so call-side races are harmless. The contract is described in src/ivr/README.md.
 */
export class IvrSession {
  private readonly definition: IvrMenuDefinition;
  private readonly now: () => Date;
  private readonly steps: IvrPathEntry[] = [];
  private node: string | null = null;
  private state: IvrPhase = 'idle';
  private retries = 0;
  /** Menus the caller came from, most recent last: backKey pops one. */
  private readonly menuStack: string[] = [];
  /** The last menu the caller was in, pushed on the stack when another menu is entered. */
  private lastMenu: string | null = null;

  /** Throws when the definition is invalid (definitions are validated when saved; this guards the rest). */
  constructor(definition: IvrMenuDefinition, options: { now?: () => Date } = {}) {
    const checked = validateMenuDefinition(definition);
    if (!checked.ok) throw new Error(`invalid IVR menu definition: ${checked.errors.join('; ')}`);
    this.definition = structuredClone(checked.value);
    this.now = options.now ?? (() => new Date());
  }

  /** The caller's way through the IVR so far, saved on the call record. */
  get path(): readonly IvrPathEntry[] {
    return this.steps;
  }

  get finished(): boolean {
    return this.state === 'finished';
  }

  /** The node the caller is in: null before start() and after the IVR finished (path tells where they left). */
  get currentNode(): string | null {
    return this.state === 'finished' ? null : this.node;
  }

  get phase(): IvrPhase {
    return this.state;
  }

  start(): IvrCommand[] {
    if (this.state !== 'idle') throw new Error('IVR session already started');
    return this.enter(this.definition.start);
  }

  onPlaybackFinished(): IvrCommand[] {
    if (this.state !== 'playing' || this.node === null) return [];
    const node = this.nodeNamed(this.node);
    if (node.kind === 'announcement') return this.act(this.node, node.next);
    this.state = 'waiting';
    return [{ type: 'startTimer', seconds: node.timeoutSeconds }];
  }

  onDigit(digit: string): IvrCommand[] {
    if ((this.state !== 'playing' && this.state !== 'waiting') || this.node === null) return [];
    const name = this.node;
    const node = this.nodeNamed(name);
    if (node.kind === 'announcement') return this.state === 'playing' ? this.bargeIntoAnnouncement(name, node, digit) : [];
    const interrupt: IvrCommand = this.state === 'playing' ? { type: 'stopPlayback' } : { type: 'cancelTimer' };
    return [interrupt, ...this.pressInMenu(name, node, digit)];
  }

  onTimeout(): IvrCommand[] {
    if (this.state !== 'waiting' || this.node === null) return [];
    const name = this.node;
    const node = this.nodeNamed(name);
    if (node.kind !== 'menu') return [];
    this.record(name, 'timeout');
    return this.retry(name, node, node.timeoutPrompt);
  }

  private pressInMenu(name: string, node: IvrMenuNode, digit: string): IvrCommand[] {
    const action = isDigit(digit) ? node.options[digit] : undefined;
    if (action) {
      this.record(name, 'digit', digit);
      return this.act(name, action);
    }
    if (digit === node.repeatKey) {
      this.record(name, 'repeat', digit);
      return this.play(node.prompts, true);
    }
    if (digit === node.backKey) {
      this.record(name, 'back', digit);
      const previous = this.menuStack.pop();
      return previous === undefined ? this.play(node.prompts, true) : this.enter(previous, { back: true });
    }
    this.record(name, 'invalid', digit);
    return this.retry(name, node, node.invalidPrompt);
  }

  /**
   * A digit during an announcement that allows barge-in ends it and follows `next`. When `next` is a menu, the digit
   * is that menu's choice at once (type-ahead): a regular caller presses 1 during the notice without waiting.
   */
  private bargeIntoAnnouncement(name: string, node: IvrAnnouncementNode, digit: string): IvrCommand[] {
    if (!node.bargeIn) return [];
    this.record(name, 'digit', digit);
    const stop: IvrCommand = { type: 'stopPlayback' };
    const next = node.next.type === 'goto' ? this.definition.nodes[node.next.node] : undefined;
    if (node.next.type === 'goto' && next?.kind === 'menu') {
      this.enter(node.next.node, { silent: true });
      return [stop, ...this.pressInMenu(node.next.node, next, digit)];
    }
    return [stop, ...this.act(name, node.next)];
  }

  /** A timeout or an invalid digit: replay with its prompt first, or give up after maxRetries retries. */
  private retry(name: string, node: IvrMenuNode, prompt: string | undefined): IvrCommand[] {
    this.retries += 1;
    if (this.retries > node.maxRetries) return this.act(name, node.onExhausted);
    return this.play(prompt === undefined ? node.prompts : [prompt, ...node.prompts], true);
  }

  private act(from: string, action: IvrAction): IvrCommand[] {
    if (action.type === 'goto') return this.enter(action.node);
    this.record(from, 'exit');
    this.state = 'finished';
    return [{ type: 'finish', action }];
  }

  /** Enters a node; `silent` sets the state without playing (type-ahead), `back` does not push the menu left. */
  private enter(name: string, how: { back?: boolean; silent?: boolean } = {}): IvrCommand[] {
    const node = this.nodeNamed(name);
    this.node = name;
    this.record(name, 'enter');
    if (node.kind === 'menu') {
      this.retries = 0;
      const onStack = this.menuStack.indexOf(name);
      if (onStack >= 0) this.menuStack.splice(onStack);
      else if (!how.back && this.lastMenu !== null && this.lastMenu !== name) this.menuStack.push(this.lastMenu);
      this.lastMenu = name;
    }
    if (how.silent) {
      this.state = 'waiting';
      return [];
    }
    return this.play(node.prompts, node.kind === 'menu' ? true : (node.bargeIn ?? false));
  }

  private play(prompts: string[], bargeIn: boolean): IvrCommand[] {
    this.state = 'playing';
    return [{ type: 'play', prompts: [...prompts], bargeIn }];
  }

  private record(node: string, event: IvrPathEntry['event'], digit?: string): void {
    this.steps.push({ node, event, ...(digit === undefined ? {} : { digit }), at: this.now().toISOString() });
  }

  private nodeNamed(name: string) {
    const node = this.definition.nodes[name];
    if (!node) throw new Error(`IVR node "${name}" does not exist`);
    return node;
  }
}

/**
 * IVR menus as data (R3): what admins edit and what the engine runs. Stored as JSON in ivr_menus.definition.
 * Prompts are names of audio files in the prompts directory (e.g. "vi/greeting"); the call side falls back to
 * Asterisk's built-in sounds when a file is missing.
 */
export type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';

export type IvrAction =
  | { type: 'goto'; node: string }
  /** Hand the caller to the operator queue with a field (lĩnh vực code) and a priority (higher first). */
  | { type: 'enqueue'; fieldCode: string | null; priority: number }
  /** Record a callback request on the caller's number, confirm it, hang up. */
  | { type: 'callback' }
  | { type: 'hangup'; prompt?: string };

export interface IvrMenuNode {
  kind: 'menu';
  prompts: string[];
  options: Partial<Record<Digit, IvrAction>>;
  /** Seconds to wait for a digit after the prompts end. */
  timeoutSeconds: number;
  /** Re-plays after a timeout or an invalid digit before onExhausted. */
  maxRetries: number;
  invalidPrompt?: string;
  timeoutPrompt?: string;
  /** Replays this menu's prompts (does not count as a retry). */
  repeatKey?: Digit;
  /** Returns to the menu the caller came from. */
  backKey?: Digit;
  onExhausted: IvrAction;
}

export interface IvrAnnouncementNode {
  kind: 'announcement';
  prompts: string[];
  /** Digits do not interrupt an announcement unless bargeIn is true. */
  bargeIn?: boolean;
  next: IvrAction;
}

export type IvrNode = IvrMenuNode | IvrAnnouncementNode;

export interface IvrMenuDefinition {
  start: string;
  nodes: Record<string, IvrNode>;
}

/** One step of a caller's way through the IVR, saved on the call record. */
export interface IvrPathEntry {
  node: string;
  event: 'enter' | 'digit' | 'timeout' | 'invalid' | 'repeat' | 'back' | 'exit';
  digit?: string;
  at: string;
}

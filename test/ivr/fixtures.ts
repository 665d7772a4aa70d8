import { IvrSession } from '../../src/ivr/engine.js';
import type { IvrMenuDefinition } from '../../src/ivr/types.js';

/** A clock that moves on one second at each reading, so every path entry has its own time. */
export function tickingClock(start = '2026-03-02T01:00:00.000Z') {
  let ms = Date.parse(start);
  return () => {
    const now = new Date(ms);
    ms += 1000;
    return now;
  };
}

export function session(definition: IvrMenuDefinition) {
  return new IvrSession(definition, { now: tickingClock() });
}

/** Two menu levels under a greeting, with an announcement that returns to the top, for navigation tests. */
export const twoLevelMenu: IvrMenuDefinition = {
  start: 'welcome',
  nodes: {
    welcome: { kind: 'announcement', prompts: ['vi/greeting'], next: { type: 'goto', node: 'top' } },
    top: {
      kind: 'menu',
      prompts: ['top-menu'],
      options: {
        '1': { type: 'goto', node: 'health' },
        '2': { type: 'goto', node: 'notice' },
        '3': { type: 'hangup', prompt: 'vi/goodbye' },
      },
      timeoutSeconds: 5,
      maxRetries: 1,
      invalidPrompt: 'vi/invalid-input',
      timeoutPrompt: 'vi/no-input',
      repeatKey: '*',
      backKey: '0',
      onExhausted: { type: 'enqueue', fieldCode: null, priority: 0 },
    },
    health: {
      kind: 'menu',
      prompts: ['health-menu'],
      options: {
        '1': { type: 'goto', node: 'vaccines' },
        '2': { type: 'enqueue', fieldCode: 'y-te', priority: 10 },
      },
      timeoutSeconds: 5,
      maxRetries: 0,
      backKey: '0',
      onExhausted: { type: 'goto', node: 'top' },
    },
    vaccines: {
      kind: 'menu',
      prompts: ['vaccine-menu'],
      options: { '1': { type: 'callback' } },
      timeoutSeconds: 5,
      maxRetries: 0,
      backKey: '#',
      onExhausted: { type: 'hangup' },
    },
    notice: { kind: 'announcement', prompts: ['vi/emergency-notice'], next: { type: 'goto', node: 'top' } },
  },
};

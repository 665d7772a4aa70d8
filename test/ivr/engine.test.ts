import { describe, expect, it } from 'vitest';
import { IvrSession } from '../../src/ivr/engine.js';
import { defaultIvrMenu } from '../../src/ivr/default-menu.js';
import type { IvrMenuDefinition } from '../../src/ivr/types.js';
import { session, tickingClock, twoLevelMenu } from './fixtures.js';

const bareMenu: IvrMenuDefinition = {
  start: 'only',
  nodes: {
    only: {
      kind: 'menu',
      prompts: ['bare-menu'],
      options: { '1': { type: 'callback' } },
      timeoutSeconds: 3,
      maxRetries: 1,
      onExhausted: { type: 'hangup', prompt: 'vi/goodbye' },
    },
  },
};
const mainMenu = { type: 'play', prompts: ['vi/main-menu'], bargeIn: true } as const;
const waitSix = { type: 'startTimer', seconds: 6 } as const;

/** The default menu, past the greeting, waiting for a digit in the main menu. */
function atMainMenu() {
  const s = session(defaultIvrMenu);
  s.start();
  s.onPlaybackFinished();
  s.onPlaybackFinished();
  return s;
}

describe('IVR engine: greeting and main menu', () => {
  it('given the default menu, when the call starts, then the greeting and recording notice play, interruptible (issue 11 item 3)', () => {
    const s = session(defaultIvrMenu);
    expect(s.currentNode).toBeNull();
    expect(s.start()).toEqual([{ type: 'play', prompts: ['vi/greeting', 'vi/recording-notice'], bargeIn: true }]);
    expect(s.currentNode).toBe('greeting');
    expect(s.phase).toBe('playing');
  });

  it('given the greeting playing, when it finishes, then the main menu plays; when that finishes, then the digit timer starts', () => {
    const s = session(defaultIvrMenu);
    s.start();
    expect(s.onPlaybackFinished()).toEqual([mainMenu]);
    expect(s.currentNode).toBe('main');
    expect(s.onPlaybackFinished()).toEqual([waitSix]);
    expect(s.phase).toBe('waiting');
  });

  it('given a greeting without barge-in, when the caller presses a key, then nothing happens and nothing is recorded', () => {
    const greeting = defaultIvrMenu.nodes.greeting as Extract<IvrMenuDefinition['nodes'][string], { kind: 'announcement' }>;
    const s = session({ ...defaultIvrMenu, nodes: { ...defaultIvrMenu.nodes, greeting: { ...greeting, bargeIn: false } } });
    s.start();
    expect(s.onDigit('1')).toEqual([]);
    expect(s.path.map((p) => p.event)).toEqual(['enter']);
    expect(s.onPlaybackFinished()).toEqual([mainMenu]);
  });

  const choices: Array<[string, object]> = [
    ['1', { type: 'enqueue', fieldCode: 'y-te', priority: 10 }],
    ['2', { type: 'enqueue', fieldCode: 'an-sinh-xa-hoi', priority: 0 }],
    ['3', { type: 'enqueue', fieldCode: 'thu-tuc-hanh-chinh', priority: 0 }],
    ['4', { type: 'enqueue', fieldCode: 'ha-tang', priority: 0 }],
    ['8', { type: 'callback' }],
    ['9', { type: 'enqueue', fieldCode: 'khac', priority: 0 }],
  ];
  for (const [digit, action] of choices) {
    it(`given the main menu waiting, when the caller presses ${digit}, then the timer is cancelled and the IVR finishes with ${JSON.stringify(action)}`, () => {
      const s = atMainMenu();
      expect(s.onDigit(digit)).toEqual([{ type: 'cancelTimer' }, { type: 'finish', action }]);
      expect(s.finished).toBe(true);
      expect(s.currentNode).toBeNull();
      expect(s.path.slice(-2)).toMatchObject([
        { node: 'main', event: 'digit', digit },
        { node: 'main', event: 'exit' },
      ]);
    });
  }

  it('given the main menu prompt playing, when the caller presses 1 (barge-in), then the playback stops and the call is enqueued for health', () => {
    const s = session(defaultIvrMenu);
    s.start();
    s.onPlaybackFinished();
    expect(s.onDigit('1')).toEqual([{ type: 'stopPlayback' }, { type: 'finish', action: { type: 'enqueue', fieldCode: 'y-te', priority: 10 } }]);
  });

  it('given the main menu, when the caller presses 5, then the emergency notice plays and afterwards the main menu again', () => {
    const s = atMainMenu();
    expect(s.onDigit('5')).toEqual([{ type: 'cancelTimer' }, { type: 'play', prompts: ['vi/emergency-notice'], bargeIn: true }]);
    expect(s.currentNode).toBe('emergency');
    expect(s.onPlaybackFinished()).toEqual([mainMenu]);
    expect(s.currentNode).toBe('main');
    expect(s.onPlaybackFinished()).toEqual([waitSix]);
  });

  it('given the emergency notice (barge-in), when the caller presses 2 during it, then it stops and 2 is the main-menu choice at once', () => {
    const s = atMainMenu();
    s.onDigit('5');
    expect(s.onDigit('2')).toEqual([{ type: 'stopPlayback' }, { type: 'finish', action: { type: 'enqueue', fieldCode: 'an-sinh-xa-hoi', priority: 0 } }]);
    expect(s.path.slice(-4).map((p) => [p.node, p.event, p.digit])).toEqual([
      ['emergency', 'digit', '2'],
      ['main', 'enter', undefined],
      ['main', 'digit', '2'],
      ['main', 'exit', undefined],
    ]);
  });

  it('given the emergency notice, when the caller presses a key the main menu does not know, then the main menu says invalid and replays, counting a retry', () => {
    const s = atMainMenu();
    s.onDigit('5');
    expect(s.onDigit('7')).toEqual([{ type: 'stopPlayback' }, { type: 'play', prompts: ['vi/invalid-input', 'vi/main-menu'], bargeIn: true }]);
    s.onPlaybackFinished();
    s.onDigit('7');
    s.onPlaybackFinished();
    expect(s.onDigit('7')).toEqual([{ type: 'cancelTimer' }, { type: 'finish', action: { type: 'enqueue', fieldCode: null, priority: 0 } }]);
  });
});

describe('IVR engine: retries', () => {
  it('given the main menu, when the caller presses an invalid key, then the invalid prompt and the menu replay', () => {
    const s = atMainMenu();
    expect(s.onDigit('7')).toEqual([{ type: 'cancelTimer' }, { type: 'play', prompts: ['vi/invalid-input', 'vi/main-menu'], bargeIn: true }]);
    expect(s.path.at(-1)).toMatchObject({ node: 'main', event: 'invalid', digit: '7' });
    expect(s.onPlaybackFinished()).toEqual([waitSix]);
  });

  it('given maxRetries 2, when three invalid keys come, then the third sends the caller to a person (onExhausted)', () => {
    const s = atMainMenu();
    s.onDigit('7');
    s.onPlaybackFinished();
    s.onDigit('#');
    s.onPlaybackFinished();
    expect(s.onDigit('6')).toEqual([{ type: 'cancelTimer' }, { type: 'finish', action: { type: 'enqueue', fieldCode: null, priority: 0 } }]);
    expect(s.path.filter((p) => p.event === 'invalid').map((p) => p.digit)).toEqual(['7', '#', '6']);
  });

  it('given the main menu waiting, when the timer elapses, then the no-input prompt and the menu replay', () => {
    const s = atMainMenu();
    expect(s.onTimeout()).toEqual([{ type: 'play', prompts: ['vi/no-input', 'vi/main-menu'], bargeIn: true }]);
    expect(s.path.at(-1)).toMatchObject({ node: 'main', event: 'timeout' });
    expect(s.onPlaybackFinished()).toEqual([waitSix]);
  });

  it('given maxRetries 2, when the caller stays silent three times, then onExhausted enqueues without a field', () => {
    const s = atMainMenu();
    s.onTimeout();
    s.onPlaybackFinished();
    s.onTimeout();
    s.onPlaybackFinished();
    expect(s.onTimeout()).toEqual([{ type: 'finish', action: { type: 'enqueue', fieldCode: null, priority: 0 } }]);
    expect(s.finished).toBe(true);
  });

  it('given timeouts and invalid keys mixed, then they count together', () => {
    const s = atMainMenu();
    s.onTimeout();
    s.onPlaybackFinished();
    s.onDigit('7');
    s.onPlaybackFinished();
    expect(s.onTimeout()).toEqual([{ type: 'finish', action: { type: 'enqueue', fieldCode: null, priority: 0 } }]);
  });

  it('given the repeat key, when pressed many times, then the menu replays each time without counting a retry', () => {
    const s = atMainMenu();
    for (let i = 0; i < 5; i += 1) {
      expect(s.onDigit('*')).toEqual([{ type: 'cancelTimer' }, mainMenu]);
      s.onPlaybackFinished();
    }
    expect(s.path.filter((p) => p.event === 'repeat')).toHaveLength(5);
    s.onTimeout();
    s.onPlaybackFinished();
    expect(s.finished).toBe(false);
  });

  it('given a menu without invalid or timeout prompts, when a retry happens, then only the menu replays; when exhausted, then the hangup carries its prompt', () => {
    const s = session(bareMenu);
    s.start();
    s.onPlaybackFinished();
    expect(s.onDigit('2')).toEqual([{ type: 'cancelTimer' }, { type: 'play', prompts: ['bare-menu'], bargeIn: true }]);
    s.onPlaybackFinished();
    expect(s.onTimeout()).toEqual([{ type: 'finish', action: { type: 'hangup', prompt: 'vi/goodbye' } }]);
  });

  it('given a menu with maxRetries 0 whose onExhausted goes to another menu, when the caller stays silent, then that menu plays and its retries start afresh', () => {
    const s = session(twoLevelMenu);
    s.start();
    s.onPlaybackFinished();
    s.onDigit('1');
    s.onPlaybackFinished();
    expect(s.onTimeout()).toEqual([{ type: 'play', prompts: ['top-menu'], bargeIn: true }]);
    expect(s.currentNode).toBe('top');
    s.onPlaybackFinished();
    expect(s.onTimeout()).toEqual([{ type: 'play', prompts: ['vi/no-input', 'top-menu'], bargeIn: true }]);
  });
});

describe('IVR engine: back and the menu stack', () => {
  /** twoLevelMenu, waiting in the vaccines menu: welcome → top →1 health →1 vaccines. */
  function atVaccines() {
    const s = session(twoLevelMenu);
    s.start();
    s.onPlaybackFinished();
    s.onDigit('1');
    s.onDigit('1');
    s.onPlaybackFinished();
    return s;
  }

  it('given two menu levels, when the caller presses back twice, then they return to health and then to the top menu', () => {
    const s = atVaccines();
    expect(s.currentNode).toBe('vaccines');
    expect(s.onDigit('#')).toEqual([{ type: 'cancelTimer' }, { type: 'play', prompts: ['health-menu'], bargeIn: true }]);
    expect(s.currentNode).toBe('health');
    expect(s.onDigit('0')).toEqual([{ type: 'stopPlayback' }, { type: 'play', prompts: ['top-menu'], bargeIn: true }]);
    expect(s.currentNode).toBe('top');
  });

  it('given the first menu (nothing to go back to), when the caller presses back, then the menu repeats without a retry', () => {
    const s = session(twoLevelMenu);
    s.start();
    s.onPlaybackFinished();
    expect(s.onDigit('0')).toEqual([{ type: 'stopPlayback' }, { type: 'play', prompts: ['top-menu'], bargeIn: true }]);
    expect(s.path.at(-1)).toMatchObject({ node: 'top', event: 'back', digit: '0' });
    s.onPlaybackFinished();
    s.onTimeout();
    s.onPlaybackFinished();
    expect(s.finished).toBe(false);
  });

  it('given the caller went back to the top, when they press back again, then the top repeats (the stack is empty, not a loop)', () => {
    const s = atVaccines();
    s.onDigit('#');
    s.onDigit('0');
    s.onPlaybackFinished();
    expect(s.onDigit('0')).toEqual([{ type: 'cancelTimer' }, { type: 'play', prompts: ['top-menu'], bargeIn: true }]);
    expect(s.currentNode).toBe('top');
  });

  it('given an announcement that returns to the top menu, when the caller presses back there, then the top repeats (the announcement adds no level)', () => {
    const s = session(twoLevelMenu);
    s.start();
    s.onPlaybackFinished();
    s.onDigit('2');
    s.onPlaybackFinished();
    expect(s.currentNode).toBe('top');
    s.onPlaybackFinished();
    s.onDigit('0');
    expect(s.currentNode).toBe('top');
  });

  it('given health exhausted back to the top, then going back from the top does not return to health', () => {
    const s = session(twoLevelMenu);
    s.start();
    s.onPlaybackFinished();
    s.onDigit('1');
    s.onPlaybackFinished();
    s.onTimeout();
    expect(s.currentNode).toBe('top');
    s.onPlaybackFinished();
    s.onDigit('0');
    expect(s.currentNode).toBe('top');
  });

  it('given a deeper menu, when the caller goes back and retries there, then the retries started afresh on re-entry', () => {
    const s = atVaccines();
    s.onDigit('#');
    s.onPlaybackFinished();
    s.onDigit('1');
    s.onPlaybackFinished();
    expect(s.currentNode).toBe('vaccines');
    expect(s.onDigit('1')).toEqual([{ type: 'cancelTimer' }, { type: 'finish', action: { type: 'callback' } }]);
  });
});

describe('IVR engine: path', () => {
  it('given a ticking clock, when a caller goes greeting → main → invalid → timeout → 2, then every step is in the path with its own ISO time', () => {
    const s = new IvrSession(defaultIvrMenu, { now: tickingClock('2026-03-02T01:00:00.000Z') });
    s.start();
    s.onPlaybackFinished();
    s.onPlaybackFinished();
    s.onDigit('7');
    s.onPlaybackFinished();
    s.onTimeout();
    s.onPlaybackFinished();
    s.onDigit('2');
    expect(s.path).toEqual([
      { node: 'greeting', event: 'enter', at: '2026-03-02T01:00:00.000Z' },
      { node: 'main', event: 'enter', at: '2026-03-02T01:00:01.000Z' },
      { node: 'main', event: 'invalid', digit: '7', at: '2026-03-02T01:00:02.000Z' },
      { node: 'main', event: 'timeout', at: '2026-03-02T01:00:03.000Z' },
      { node: 'main', event: 'digit', digit: '2', at: '2026-03-02T01:00:04.000Z' },
      { node: 'main', event: 'exit', at: '2026-03-02T01:00:05.000Z' },
    ]);
  });

  it('given no clock option, then the path uses the real time', () => {
    const before = Date.now();
    const s = new IvrSession(defaultIvrMenu);
    s.start();
    const entry = s.path[0];
    expect(entry && Date.parse(entry.at)).toBeGreaterThanOrEqual(before);
  });

  it('given back and repeat keys, then the path records them with the key', () => {
    const s = session(twoLevelMenu);
    s.start();
    s.onPlaybackFinished();
    s.onDigit('*');
    s.onDigit('1');
    s.onDigit('0');
    expect(s.path.map((p) => `${p.node}:${p.event}:${p.digit ?? ''}`)).toEqual([
      'welcome:enter:',
      'top:enter:',
      'top:repeat:*',
      'top:digit:1',
      'health:enter:',
      'health:back:0',
      'top:enter:',
    ]);
  });
});

describe('IVR engine: events that do not apply', () => {
  function finishedSession() {
    const s = atMainMenu();
    s.onDigit('9');
    return s;
  }

  it('given a finished session, when digits, timeouts or playback ends arrive, then they are ignored and the path does not grow', () => {
    const s = finishedSession();
    const length = s.path.length;
    expect(s.onDigit('1')).toEqual([]);
    expect(s.onTimeout()).toEqual([]);
    expect(s.onPlaybackFinished()).toEqual([]);
    expect(s.path).toHaveLength(length);
    expect(s.finished).toBe(true);
  });

  it('given a session not started, when events arrive, then they are ignored; start() twice throws', () => {
    const s = session(defaultIvrMenu);
    expect(s.onDigit('1')).toEqual([]);
    expect(s.onTimeout()).toEqual([]);
    expect(s.onPlaybackFinished()).toEqual([]);
    s.start();
    expect(() => s.start()).toThrow(/already started/);
  });

  it('given a menu still playing, when a stale timeout arrives, then it is ignored', () => {
    const s = session(defaultIvrMenu);
    s.start();
    s.onPlaybackFinished();
    expect(s.onTimeout()).toEqual([]);
  });

  it('given a menu waiting for a digit, when a stale playback end arrives, then it is ignored', () => {
    const s = atMainMenu();
    expect(s.onPlaybackFinished()).toEqual([]);
    expect(s.phase).toBe('waiting');
  });

  it('given a DTMF key that is not on a phone keypad (A), then it is an invalid choice', () => {
    const s = atMainMenu();
    expect(s.onDigit('A')).toEqual([{ type: 'cancelTimer' }, { type: 'play', prompts: ['vi/invalid-input', 'vi/main-menu'], bargeIn: true }]);
  });

  it('given an invalid definition, when a session is built on it, then it throws with the errors', () => {
    const broken = { start: 'nowhere', nodes: defaultIvrMenu.nodes } as IvrMenuDefinition;
    expect(() => new IvrSession(broken)).toThrow(/start: unknown node "nowhere"/);
  });

  it('given a running session, when the definition object is changed afterwards, then the session is not affected', () => {
    const definition = structuredClone(defaultIvrMenu);
    const s = new IvrSession(definition);
    s.start();
    s.onPlaybackFinished();
    definition.nodes.main = { kind: 'announcement', prompts: ['x'], next: { type: 'callback' } };
    s.onPlaybackFinished();
    expect(s.onDigit('9')).toEqual([{ type: 'cancelTimer' }, { type: 'finish', action: { type: 'enqueue', fieldCode: 'khac', priority: 0 } }]);
  });

  it('given an announcement with barge-in whose next is a finish, when a key is pressed, then it stops and finishes', () => {
    const s = session({ start: 'a', nodes: { a: { kind: 'announcement', prompts: ['x'], bargeIn: true, next: { type: 'hangup' } } } });
    s.start();
    expect(s.onDigit('5')).toEqual([{ type: 'stopPlayback' }, { type: 'finish', action: { type: 'hangup' } }]);
  });

  it('given an announcement with barge-in leading to another announcement, when a key is pressed, then the next one plays', () => {
    const s = session({
      start: 'a',
      nodes: {
        a: { kind: 'announcement', prompts: ['x'], bargeIn: true, next: { type: 'goto', node: 'b' } },
        b: { kind: 'announcement', prompts: ['y'], next: { type: 'callback' } },
      },
    });
    s.start();
    expect(s.onDigit('5')).toEqual([{ type: 'stopPlayback' }, { type: 'play', prompts: ['y'], bargeIn: false }]);
    expect(s.onPlaybackFinished()).toEqual([{ type: 'finish', action: { type: 'callback' } }]);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultIvrMenu } from '../../src/ivr/default-menu.js';
import { enqueuedFieldCodes, isSafePromptName, menuProblems, unreachableNodes, validateMenuDefinition } from '../../src/ivr/validate.js';
import { twoLevelMenu } from './fixtures.js';

type Json = Record<string, unknown>;

/** The default menu as plain JSON, changed by `edit`. */
function defaultWith(edit: (menu: { start: unknown; nodes: Record<string, Json> } & Json) => void): unknown {
  const menu = structuredClone(defaultIvrMenu) as unknown as { start: unknown; nodes: Record<string, Json> } & Json;
  edit(menu);
  return menu;
}
const mainOf = (menu: { nodes: Record<string, Json> }) => menu.nodes.main as Json & { options: Json };

function errorsOf(input: unknown): string[] {
  const result = validateMenuDefinition(input);
  if (result.ok) throw new Error('expected the definition to be refused');
  return result.errors;
}

describe('validateMenuDefinition: good definitions', () => {
  it('given the default menu, then it passes and the value is the same definition', () => {
    const result = validateMenuDefinition(defaultIvrMenu);
    expect(result).toEqual({ ok: true, value: defaultIvrMenu });
  });

  it('given the default menu after a JSON round trip (as stored in jsonb), then it passes', () => {
    expect(validateMenuDefinition(JSON.parse(JSON.stringify(defaultIvrMenu))).ok).toBe(true);
  });

  it('given two menu levels with an exhausted menu going up to another menu, then it passes', () => {
    expect(validateMenuDefinition(twoLevelMenu).ok).toBe(true);
  });
});

describe('validateMenuDefinition: bad definitions name the path', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', 'menu', /^definition: must be an object/],
    ['an array', [], /^definition: must be an object/],
    ['no nodes', { start: 'a' }, /^nodes: must be an object with at least one node/],
    ['empty nodes', { start: 'a', nodes: {} }, /^nodes: must be an object with at least one node/],
    ['an unknown start node', defaultWith((m) => (m.start = 'x')), /^start: unknown node "x"$/],
    ['a start that is not a string', defaultWith((m) => (m.start = 1)), /^start: must be the name of the first node$/],
    ['an unknown top-level property', defaultWith((m) => (m.version = 2)), /^version: unknown property/],
    ['a goto to an unknown node', defaultWith((m) => (mainOf(m).options['7'] = { type: 'goto', node: 'x' })), /^nodes\.main\.options\.7\.node: unknown node "x"$/],
    ['an unknown next node', defaultWith((m) => (m.nodes.greeting!.next = { type: 'goto', node: 'menu' })), /^nodes\.greeting\.next\.node: unknown node "menu"$/],
    ['an option key that is not a digit', defaultWith((m) => (mainOf(m).options.A = { type: 'callback' })), /^nodes\.main\.options\.A: invalid key "A"/],
    ['an option key of two digits', defaultWith((m) => (mainOf(m).options['12'] = { type: 'callback' })), /^nodes\.main\.options\.12: invalid key "12"/],
    ['a menu without options', defaultWith((m) => (mainOf(m).options = {})), /^nodes\.main\.options: must map at least one key/],
    ['an unknown action type', defaultWith((m) => (mainOf(m).options['7'] = { type: 'transfer' })), /^nodes\.main\.options\.7\.type: unknown action type "transfer"/],
    ['an action that is not an object', defaultWith((m) => (mainOf(m).options['7'] = 'callback')), /^nodes\.main\.options\.7: must be an action object/],
    ['an enqueue without priority', defaultWith((m) => (mainOf(m).options['1'] = { type: 'enqueue', fieldCode: 'y-te' })), /^nodes\.main\.options\.1\.priority: must be an integer from -100 to 100$/],
    ['an enqueue with a fractional priority', defaultWith((m) => (mainOf(m).options['1'] = { type: 'enqueue', fieldCode: 'y-te', priority: 1.5 })), /options\.1\.priority/],
    ['an enqueue with a bad field code', defaultWith((m) => (mainOf(m).options['1'] = { type: 'enqueue', fieldCode: 'Y Tế', priority: 0 })), /^nodes\.main\.options\.1\.fieldCode: must be a field code/],
    ['an enqueue with a missing field code', defaultWith((m) => (mainOf(m).options['1'] = { type: 'enqueue', priority: 0 })), /options\.1\.fieldCode/],
    ['an action with an extra property', defaultWith((m) => (mainOf(m).options['8'] = { type: 'callback', number: '113' })), /^nodes\.main\.options\.8\.number: unknown property/],
    ['a timeout of 0 s', defaultWith((m) => (mainOf(m).timeoutSeconds = 0)), /^nodes\.main\.timeoutSeconds: must be an integer from 1 to 60$/],
    ['a timeout of 61 s', defaultWith((m) => (mainOf(m).timeoutSeconds = 61)), /^nodes\.main\.timeoutSeconds: must be an integer from 1 to 60$/],
    ['a timeout given as a string', defaultWith((m) => (mainOf(m).timeoutSeconds = '6')), /^nodes\.main\.timeoutSeconds/],
    ['6 retries', defaultWith((m) => (mainOf(m).maxRetries = 6)), /^nodes\.main\.maxRetries: must be an integer from 0 to 5$/],
    ['negative retries', defaultWith((m) => (mainOf(m).maxRetries = -1)), /^nodes\.main\.maxRetries/],
    ['a prompt with ..', defaultWith((m) => (mainOf(m).prompts = ['../../etc/passwd'])), /^nodes\.main\.prompts\.0: invalid prompt name "..\/..\/etc\/passwd"/],
    ['an absolute prompt path', defaultWith((m) => (mainOf(m).prompts = ['/etc/passwd'])), /^nodes\.main\.prompts\.0: invalid prompt name/],
    ['a prompt with upper case and spaces', defaultWith((m) => (m.nodes.greeting!.prompts = ['vi/greeting', 'Chao Mung'])), /^nodes\.greeting\.prompts\.1: invalid prompt name "Chao Mung"/],
    ['a prompt with an ARI media scheme', defaultWith((m) => (mainOf(m).prompts = ['recording:secret'])), /^nodes\.main\.prompts\.0: invalid prompt name/],
    ['no prompts', defaultWith((m) => (mainOf(m).prompts = [])), /^nodes\.main\.prompts: must be a list of 1 to 20 prompt names$/],
    ['a bad invalid prompt', defaultWith((m) => (mainOf(m).invalidPrompt = 'vi//invalid')), /^nodes\.main\.invalidPrompt: invalid prompt name/],
    ['a bad timeout prompt', defaultWith((m) => (mainOf(m).timeoutPrompt = 'vi/no-input/')), /^nodes\.main\.timeoutPrompt: invalid prompt name/],
    ['a bad hangup prompt', defaultWith((m) => (mainOf(m).onExhausted = { type: 'hangup', prompt: 'sound:x' })), /^nodes\.main\.onExhausted\.prompt: invalid prompt name/],
    ['a repeat key also used as an option', defaultWith((m) => (mainOf(m).repeatKey = '9')), /^nodes\.main\.repeatKey: key "9" is also an option of this menu$/],
    ['a back key also used as an option', defaultWith((m) => (mainOf(m).backKey = '1')), /^nodes\.main\.backKey: key "1" is also an option of this menu$/],
    ['the same repeat and back key', defaultWith((m) => (mainOf(m).backKey = '*')), /^nodes\.main\.backKey: must differ from repeatKey$/],
    ['a repeat key that is not a key', defaultWith((m) => (mainOf(m).repeatKey = 'star')), /^nodes\.main\.repeatKey: invalid key "star"/],
    ['a menu without onExhausted', defaultWith((m) => delete mainOf(m).onExhausted), /^nodes\.main\.onExhausted: must be an action object/],
    ['a misspelt property', defaultWith((m) => (mainOf(m).timeoutSecond = 6)), /^nodes\.main\.timeoutSecond: unknown property/],
    ['an unknown node kind', defaultWith((m) => (m.nodes.greeting!.kind = 'queue')), /^nodes\.greeting\.kind: must be "menu" or "announcement", not "queue"$/],
    ['a node that is not an object', defaultWith((m) => (m.nodes.extra = null as unknown as Json)), /^nodes\.extra: must be a node object$/],
    ['a bad node name', defaultWith((m) => (m.nodes['main menu'] = m.nodes.main!)), /^nodes\.main menu: node names are/],
    ['a bargeIn that is not a boolean', defaultWith((m) => (m.nodes.greeting!.bargeIn = 'yes')), /^nodes\.greeting\.bargeIn: must be true or false$/],
  ];
  for (const [what, input, message] of cases) {
    it(`given ${what}, then it is refused with a message naming the path`, () => {
      const errors = errorsOf(input);
      expect(errors.some((e) => message.test(e)), errors.join('\n')).toBe(true);
    });
  }

  it('given several problems, then all of them are listed', () => {
    const errors = errorsOf(
      defaultWith((m) => {
        mainOf(m).timeoutSeconds = 0;
        mainOf(m).maxRetries = 9;
        mainOf(m).options['7'] = { type: 'goto', node: 'x' };
      }),
    );
    expect(errors).toHaveLength(3);
  });

  it('given more than 100 nodes, then it is refused', () => {
    const nodes = Object.fromEntries(
      Array.from({ length: 101 }, (_, i) => [`n${i}`, { kind: 'announcement', prompts: ['x'], next: { type: 'hangup' } }]),
    );
    expect(errorsOf({ start: 'n0', nodes })).toContain('nodes: at most 100 nodes');
  });
});

describe('validateMenuDefinition: loops that would hold a line forever', () => {
  const announcement = (next: string) => ({ kind: 'announcement', prompts: ['x'], bargeIn: true, next: { type: 'goto', node: next } });

  it('given announcements that follow each other in a circle, then it is refused as an announcement loop', () => {
    const errors = errorsOf({ start: 'a', nodes: { a: announcement('b'), b: announcement('c'), c: announcement('a') } });
    expect(errors).toEqual(['nodes.c.next.node: announcements loop forever without a menu: a → b → c → a']);
  });

  it('given an announcement that follows itself, then it is refused', () => {
    expect(errorsOf({ start: 'a', nodes: { a: announcement('a') } })).toEqual(['nodes.a.next.node: announcements loop forever without a menu: a → a']);
  });

  it('given an unreachable announcement loop, then it is refused too', () => {
    const errors = errorsOf(defaultWith((m) => Object.assign(m.nodes, { x: announcement('y'), y: announcement('x') })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/announcements loop forever/);
  });

  it('given a menu whose onExhausted returns to it through an announcement, then it is refused: a silent caller would never leave', () => {
    const errors = errorsOf(defaultWith((m) => (mainOf(m).onExhausted = { type: 'goto', node: 'emergency' })));
    expect(errors).toEqual(['nodes.emergency.next.node: a caller who presses nothing would loop forever: main → emergency → main']);
  });

  it('given a menu whose onExhausted is itself, then it is refused', () => {
    const errors = errorsOf(defaultWith((m) => (mainOf(m).onExhausted = { type: 'goto', node: 'main' })));
    expect(errors).toEqual(['nodes.main.onExhausted.node: a caller who presses nothing would loop forever: main → main']);
  });

  it('given an option that goes back to an earlier menu (a loop the caller chooses), then it passes', () => {
    const input = defaultWith((m) => (mainOf(m).options['7'] = { type: 'goto', node: 'main' }));
    expect(validateMenuDefinition(input).ok).toBe(true);
  });
});

describe('prompt names and field codes', () => {
  it('given names from scripts/prompts.vi.tsv, then they are safe; paths out of the sounds directory are not', () => {
    for (const name of ['vi/greeting', 'greeting', 'digits/1', 'vi/queue_next']) expect(isSafePromptName(name)).toBe(true);
    for (const name of ['', '/x', 'x/', 'a//b', '..', 'a/../b', 'a.wav', 'A', 'x'.repeat(101)]) expect(isSafePromptName(name)).toBe(false);
  });

  it('given the default menu, then the fields it enqueues to are listed with their paths', () => {
    expect(enqueuedFieldCodes(defaultIvrMenu)).toEqual([
      { path: 'nodes.main.options.1.fieldCode', fieldCode: 'y-te' },
      { path: 'nodes.main.options.2.fieldCode', fieldCode: 'an-sinh-xa-hoi' },
      { path: 'nodes.main.options.3.fieldCode', fieldCode: 'thu-tuc-hanh-chinh' },
      { path: 'nodes.main.options.4.fieldCode', fieldCode: 'ha-tang' },
      { path: 'nodes.main.options.9.fieldCode', fieldCode: 'khac' },
    ]);
  });
});

describe('menuProblems: every node reachable, each problem in its node (issue 14, R3)', () => {
  it('given the default menu, then it has no problem and no unreachable node', () => {
    expect(menuProblems(defaultIvrMenu)).toEqual([]);
    expect(unreachableNodes(defaultIvrMenu)).toEqual([]);
  });

  it('given a node nothing leads to, then it is flagged as unreachable in that node, while the engine would still run the menu', () => {
    const input = defaultWith((m) => (m.nodes.orphan = { kind: 'announcement', prompts: ['vi/greeting'], next: { type: 'goto', node: 'main' } }));
    expect(validateMenuDefinition(input).ok).toBe(true);
    expect(menuProblems(input)).toEqual([{ path: 'nodes.orphan', node: 'orphan', code: 'unreachable', message: expect.stringContaining('"greeting"') }]);
  });

  it('given the node key 5 leads to removed, then key 5 dangles (unknown_node, with the node named) in main, and the nodes only it reached are unreachable', () => {
    const input = defaultWith((m) => {
      m.nodes.deeper = { kind: 'announcement', prompts: ['vi/greeting'], next: { type: 'goto', node: 'main' } };
      (m.nodes.emergency as Json).next = { type: 'goto', node: 'deeper' };
      delete m.nodes.emergency;
    });
    expect(menuProblems(input)).toEqual([
      { path: 'nodes.main.options.5.node', node: 'main', code: 'unknown_node', message: 'unknown node "emergency"', target: 'emergency' },
      { path: 'nodes.deeper', node: 'deeper', code: 'unreachable', message: expect.any(String) },
    ]);
  });

  it('given a node named like an Object property (constructor), then a goto to it is still checked, not taken as present', () => {
    const input = defaultWith((m) => (mainOf(m).options['7'] = { type: 'goto', node: 'constructor' }));
    expect(menuProblems(input).map((p) => [p.code, p.target])).toEqual([['unknown_node', 'constructor']]);
  });

  it('given structural problems, then each has its code: range, key, prompts, loop', () => {
    const input = defaultWith((m) => {
      mainOf(m).timeoutSeconds = 0;
      mainOf(m).repeatKey = '1';
      (m.nodes.emergency as Json).prompts = [];
    });
    expect(menuProblems(input).map((p) => [p.node, p.code])).toEqual([
      ['main', 'range'],
      ['main', 'key'],
      ['emergency', 'prompts'],
    ]);
    const loop = defaultWith((m) => (mainOf(m).onExhausted = { type: 'goto', node: 'main' }));
    expect(menuProblems(loop)).toEqual([expect.objectContaining({ node: 'main', code: 'loop', target: 'main → main' })]);
  });

  it('given no object or an unknown start, then no node is called unreachable (the start problem says it all)', () => {
    expect(unreachableNodes('menu')).toEqual([]);
    expect(unreachableNodes({ start: 'x', nodes: { main: {} } })).toEqual([]);
  });
});

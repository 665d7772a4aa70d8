import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultIvrFieldCodes, defaultIvrMenu } from '../../src/ivr/default-menu.js';
import { IvrSession } from '../../src/ivr/engine.js';
import { enqueuedFieldCodes, validateMenuDefinition } from '../../src/ivr/validate.js';
import { seedFields } from '../../src/seed/data.js';

function promptsOf(definition: typeof defaultIvrMenu): string[] {
  return Object.values(definition.nodes).flatMap((node) =>
    node.kind === 'announcement'
      ? node.prompts
      : [...node.prompts, ...[node.invalidPrompt, node.timeoutPrompt].filter((p): p is string => p !== undefined)],
  );
}

describe('the default Vietnamese menu (R3)', () => {
  it('given the default menu, then it is a valid definition', () => {
    expect(validateMenuDefinition(defaultIvrMenu).ok).toBe(true);
  });

  it('given the prompts of the default menu, then each is vi/<name> for a name of scripts/prompts.vi.tsv', () => {
    const tsv = readFileSync(new URL('../../scripts/prompts.vi.tsv', import.meta.url), 'utf8');
    const names = new Set(
      tsv
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'))
        .map((line) => `vi/${line.split('\t')[0]}`),
    );
    for (const prompt of promptsOf(defaultIvrMenu)) expect(names, prompt).toContain(prompt);
  });

  it('given the field codes the menu enqueues to, then each is exported with a Vietnamese name, and the seed creates it', () => {
    const used = new Set(enqueuedFieldCodes(defaultIvrMenu).map((u) => u.fieldCode));
    expect([...used].sort()).toEqual(Object.keys(defaultIvrFieldCodes).sort());
    const seeded = new Set(seedFields.map((f) => f.code));
    for (const code of used) expect(seeded, code).toContain(code);
  });

  it('given urgent health, then it has the highest priority and the rest are equal', () => {
    const priorities = Object.fromEntries(
      Object.values(defaultIvrMenu.nodes.main?.kind === 'menu' ? defaultIvrMenu.nodes.main.options : {}).flatMap((a) =>
        a.type === 'enqueue' ? [[a.fieldCode, a.priority]] : [],
      ),
    );
    expect(priorities).toEqual({ 'y-te': 10, 'an-sinh-xa-hoi': 0, 'thu-tuc-hanh-chinh': 0, 'ha-tang': 0, khac: 0 });
  });

  it('given every prompt of the default menu, then a digit interrupts it (issue 11 item 3)', () => {
    for (const [name, node] of Object.entries(defaultIvrMenu.nodes)) if (node.kind === 'announcement') expect(node.bargeIn, name).toBe(true);
  });

  it('given a caller who presses 1 in the first second of the greeting, then they are queued for urgent health at once (issue 11 item 3)', () => {
    const s = new IvrSession(defaultIvrMenu);
    expect(s.start()).toEqual([{ type: 'play', prompts: ['vi/greeting', 'vi/recording-notice'], bargeIn: true }]);
    expect(s.onDigit('1')).toEqual([{ type: 'stopPlayback' }, { type: 'finish', action: { type: 'enqueue', fieldCode: 'y-te', priority: 10 } }]);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseRule, type SlaRuleRow } from '../../src/sla/rule-choice.js';

const health = 'field-health';
let n = 0;
const rule = (code: string, over: Partial<SlaRuleRow> = {}): SlaRuleRow => ({
  id: `id-${code}`,
  code,
  name: code,
  kind: 'clock_hours',
  hours: 24,
  fieldId: null,
  urgency: null,
  calendarId: null,
  active: true,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n++)),
  updatedAt: new Date(),
  ...over,
});

/** R13: which rule applies to a ticket — most specific first, then the province's default rule. */
describe('choosing the deadline rule (pure)', () => {
  const seeded = [
    rule('dong-nai-24h'),
    rule('dong-nai-urgent-health-4h', { hours: 4, fieldId: health, urgency: 'urgent' }),
    rule('thanh-hoa-result-4wh', { kind: 'working_hours', hours: 4 }),
    rule('thanh-hoa-verify-8wh', { kind: 'working_hours', hours: 8 }),
  ];

  it('given an urgent health ticket, then the 4-hour health rule (field and urgency both match)', () => {
    expect(chooseRule(seeded, { fieldId: health, urgency: 'urgent' }, 'dong-nai-24h')?.code).toBe('dong-nai-urgent-health-4h');
  });

  it('given a normal health ticket or an urgent transport one, then the general rule the province chose', () => {
    expect(chooseRule(seeded, { fieldId: health, urgency: 'normal' }, 'dong-nai-24h')?.code).toBe('dong-nai-24h');
    expect(chooseRule(seeded, { fieldId: 'field-transport', urgency: 'urgent' }, 'dong-nai-24h')?.code).toBe('dong-nai-24h');
    expect(chooseRule(seeded, { fieldId: null, urgency: 'normal' }, 'thanh-hoa-verify-8wh')?.code).toBe('thanh-hoa-verify-8wh');
  });

  it('given field-only and urgency-only rules, then field beats urgency and both beat general', () => {
    const rules = [...seeded, rule('health-any', { fieldId: health }), rule('urgent-any', { urgency: 'urgent' })];
    expect(chooseRule(rules, { fieldId: health, urgency: 'normal' }, 'dong-nai-24h')?.code).toBe('health-any');
    expect(chooseRule(rules, { fieldId: null, urgency: 'urgent' }, 'dong-nai-24h')?.code).toBe('urgent-any');
  });

  it('given no default among equal rules, then the oldest; inactive rules never match; none left → undefined', () => {
    expect(chooseRule(seeded, { fieldId: null, urgency: 'normal' }, 'missing')?.code).toBe('dong-nai-24h');
    const inactive = seeded.map((r) => ({ ...r, active: r.code === 'thanh-hoa-verify-8wh' }));
    expect(chooseRule(inactive, { fieldId: health, urgency: 'urgent' }, 'dong-nai-24h')?.code).toBe('thanh-hoa-verify-8wh');
    expect(chooseRule([], { fieldId: null, urgency: 'normal' }, 'dong-nai-24h')).toBeUndefined();
  });
});

/**
 * Which deadline rule applies to a ticket (R13), pure.
 *
 * A rule matches when each of its conditions it sets equals the ticket's (fieldId, urgency); a rule
 * that sets neither matches every ticket. The most specific match wins: field and urgency, then field
 * only, then urgency only, then general. Among equally specific rules, the province's default rule
 * (SLA_DEFAULT_RULE, a rule code) first, then the oldest, then by code, so the choice never depends
 * on row order. Inactive rules never match.
 */
import type { slaRules } from '../db/schema/index.js';

export type SlaRuleRow = typeof slaRules.$inferSelect;

export interface RuleSubject {
  fieldId: string | null;
  urgency: 'normal' | 'urgent';
}

const specificity = (r: SlaRuleRow) => (r.fieldId ? 2 : 0) + (r.urgency ? 1 : 0);

export function matchesRule(rule: SlaRuleRow, ticket: RuleSubject): boolean {
  return (
    rule.active &&
    (rule.fieldId === null || rule.fieldId === ticket.fieldId) &&
    (rule.urgency === null || rule.urgency === ticket.urgency)
  );
}

export function chooseRule(rules: readonly SlaRuleRow[], ticket: RuleSubject, defaultRuleCode: string): SlaRuleRow | undefined {
  return rules
    .filter((r) => matchesRule(r, ticket))
    .sort(
      (a, b) =>
        specificity(b) - specificity(a) ||
        Number(b.code === defaultRuleCode) - Number(a.code === defaultRuleCode) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.code.localeCompare(b.code),
    )[0];
}

import { formatMessage } from '@portal/shared';
import type { Finding, FindingParams, Rule, RuleContext } from './model';

/** Adds a finding in one of the rule's message variants. */
export type Report = (variant: string, cells: string[], params: FindingParams) => void;

export interface RuleSpec extends Omit<Rule, 'check'> {
  run(ctx: RuleContext, report: Report): void;
}

/** A rule whose findings are always worded by its own message templates (the ones the catalogue shows). */
export function defineRule(spec: RuleSpec): Rule {
  const { run, ...rule } = spec;
  return {
    ...rule,
    check(ctx) {
      const findings: Finding[] = [];
      run(ctx, (variant, cells, params) => {
        const template = rule.messages[variant];
        if (!template) throw new Error(`${rule.id}: no message variant ${variant}`);
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          cells,
          message_zh: formatMessage(template.zh, params),
          message_en: formatMessage(template.en, params),
          params,
        });
      });
      return findings;
    },
  };
}

import { formatMessage } from '@portal/shared';
import type { Finding, FindingParams, Rule, RuleSubject, SubjectContexts, Tolerance } from './model';

/** Adds a finding in one of the rule's message variants. */
export type Report = (variant: string, cells: string[], params: FindingParams) => void;

export interface RuleSpec<S extends RuleSubject, T extends Tolerance> extends Omit<Rule<S>, 'check' | 'tolerance'> {
  tolerance?: T;
  /** `tolerance` is the rule's own, with an admin's overridden keys laid over it. */
  run(ctx: SubjectContexts[S], report: Report, tolerance: T): void;
}

/**
 * A rule whose findings are always worded by its own message templates (the ones the catalogue shows). The
 * subject (`return`, `technology-contract`) types the context the rule runs with and the examples it carries.
 */
export function defineRule<S extends RuleSubject, T extends Tolerance = Tolerance>(spec: RuleSpec<S, T>): Rule<S> {
  const { run, ...rule } = spec;
  return {
    ...rule,
    check(ctx, tolerance) {
      const findings: Finding[] = [];
      const effective = (tolerance ?? rule.tolerance ?? {}) as T;
      run(
        ctx,
        (variant, cells, params) => {
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
        },
        effective,
      );
      return findings;
    },
  };
}

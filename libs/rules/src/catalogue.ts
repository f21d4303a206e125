import { withDerived } from './context';
import { EXAMPLE_BASE } from './examples';
import type {
  FailExample,
  Finding,
  JsonValue,
  MessageTemplate,
  PassExample,
  Rule,
  RuleContext,
  RuleOverrides,
  RuleSection,
  Severity,
} from './model';
import { AMOUNT_RULES } from './rules/amounts';
import { CODE_RULES } from './rules/codes';
import { CONTRACT_RULES } from './rules/contracts';
import { EXECUTION_RULES } from './rules/executions';
import { INFO_RULES } from './rules/info';
import { PLAUSIBILITY_RULES } from './rules/plausibility';
import { REQUIRED_RULES } from './rules/required';
import { SERVICES_TRADE_RULES } from './rules/services-trade';
import { WORKFORCE_RULES } from './rules/workforce';
import { ZERO_RETURN_RULES } from './rules/zero-return';

/** Bump when a rule is added, removed or changes version; catalogue.spec.ts pins the rule list to it. */
export const catalogueVersion = '1';

const SEVERITY_ORDER: Record<Severity, number> = { BLOCKING: 0, EXPLAIN: 1, INFO: 2 };

/** In the order findings are listed: blocking first, then explain-or-fix, then info. */
export const RULES: readonly Rule[] = [
  ...REQUIRED_RULES,
  ...CODE_RULES,
  ...AMOUNT_RULES,
  ...SERVICES_TRADE_RULES,
  ...CONTRACT_RULES,
  ...EXECUTION_RULES,
  ...WORKFORCE_RULES,
  ...ZERO_RETURN_RULES,
  ...PLAUSIBILITY_RULES,
  ...INFO_RULES,
].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Runs every enabled rule; an override may disable a rule or change the severity of its findings. */
export function runRules(ctx: RuleContext, overrides: RuleOverrides = {}): Finding[] {
  return withDerived(ctx, () => {
    const findings: Finding[] = [];
    for (const rule of RULES) {
      const o = overrides[rule.id];
      if (o?.enabled === false) continue;
      for (const f of rule.check(ctx)) findings.push(o?.severity ? { ...f, severity: o.severity } : f);
    }
    return findings;
  });
}

/** Whether any finding stops submission. */
export function hasBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'BLOCKING');
}

export interface RuleDescription {
  id: string;
  version: number;
  severity: Severity;
  section: RuleSection;
  title_zh: string;
  title_en: string;
  messages: Record<string, MessageTemplate>;
  tolerance: { [key: string]: JsonValue } | null;
  examples: { pass: PassExample[]; fail: FailExample[] };
}

export interface CatalogueDescription {
  version: string;
  /** The return every example is laid over (see ContentPatch). */
  exampleBase: typeof EXAMPLE_BASE;
  rules: RuleDescription[];
}

/** The catalogue as plain JSON (GET /api/rules). */
export function describeCatalogue(): CatalogueDescription {
  return JSON.parse(
    JSON.stringify({
      version: catalogueVersion,
      exampleBase: EXAMPLE_BASE,
      rules: RULES.map((r) => ({
        id: r.id,
        version: r.version,
        severity: r.severity,
        section: r.section,
        title_zh: r.title_zh,
        title_en: r.title_en,
        messages: r.messages,
        tolerance: r.tolerance ?? null,
        examples: r.examples,
      })),
    }),
  );
}

/** One row per rule for the CSV download; the header names the columns. */
export function catalogueTable(): { header: string[]; rows: string[][] } {
  return {
    header: ['id', 'version', 'severity', 'section', 'title_zh', 'title_en', 'messages_zh', 'messages_en', 'tolerance'],
    rows: RULES.map((r) => [
      r.id,
      String(r.version),
      r.severity,
      r.section,
      r.title_zh,
      r.title_en,
      Object.values(r.messages)
        .map((m) => m.zh)
        .join('\n'),
      Object.values(r.messages)
        .map((m) => m.en)
        .join('\n'),
      r.tolerance ? JSON.stringify(r.tolerance) : '',
    ]),
  };
}

import { RULE_SUBJECTS, type EffectiveRule, type FindingSeverity } from '@portal/shared';
import { withDerived } from './context';
import { EXAMPLE_SUBJECTS } from './examples';
import type {
  AnyRule,
  FailExample,
  Finding,
  JsonValue,
  MessageTemplate,
  PassExample,
  Rule,
  RuleContext,
  RuleOverrides,
  RuleSection,
  RuleSubject,
  Severity,
  SubjectContexts,
  Tolerance,
} from './model';
import { AMOUNT_RULES } from './rules/amounts';
import { CODE_RULES } from './rules/codes';
import { CONTRACT_RULES } from './rules/contracts';
import { EXECUTION_RULES } from './rules/executions';
import { INFO_RULES } from './rules/info';
import { PLAUSIBILITY_RULES } from './rules/plausibility';
import { REQUIRED_RULES } from './rules/required';
import { SERVICES_TRADE_RULES } from './rules/services-trade';
import { TECHNOLOGY_CONTRACT_RULES } from './rules/technology-contracts';
import { WORKFORCE_RULES } from './rules/workforce';
import { ZERO_RETURN_RULES } from './rules/zero-return';

/** Bump when a rule is added, removed or changes version; catalogue.spec.ts pins the rule list to it. */
export const catalogueVersion = '2';

const SEVERITY_ORDER: Record<Severity, number> = { BLOCKING: 0, EXPLAIN: 1, INFO: 2 };
const SUBJECT_ORDER = (s: RuleSubject) => RULE_SUBJECTS.indexOf(s);

/**
 * The whole catalogue, subject by subject (returns, then technology contracts), each in the order findings are
 * listed: blocking first, then explain-or-fix, then info.
 */
export const RULES: readonly AnyRule[] = [
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
  ...TECHNOLOGY_CONTRACT_RULES,
].sort(
  (a, b) =>
    SUBJECT_ORDER(a.subject) - SUBJECT_ORDER(b.subject) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
);

export function ruleById(id: string): AnyRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** The rules of one subject, in catalogue order. */
export function rulesOf<S extends RuleSubject>(subject: S): Rule<S>[] {
  return RULES.filter((r): r is Extract<AnyRule, { subject: S }> => r.subject === subject) as Rule<S>[];
}

const kindOf = (v: JsonValue) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Why a tolerance override cannot apply to a rule, or null: every key must be one of the rule's tolerance keys and
 * keep the type of its value (a number stays a number), so a check never reads a threshold of the wrong shape.
 */
export function toleranceProblem(rule: Pick<AnyRule, 'id' | 'tolerance'>, tolerance: Tolerance): string | null {
  const own = rule.tolerance ?? {};
  for (const [key, value] of Object.entries(tolerance)) {
    if (!(key in own)) return `${rule.id} has no tolerance ${key}`;
    if (kindOf(value) !== kindOf(own[key])) return `${rule.id} tolerance ${key} must be of type ${kindOf(own[key])}`;
  }
  return null;
}

/** The rule's tolerance with the keys of an override laid over it; the catalogue's when none is overridden. */
export function effectiveTolerance(
  rule: Pick<AnyRule, 'id' | 'tolerance'>,
  overrides: RuleOverrides = {},
): Tolerance | undefined {
  const changed = overrides[rule.id]?.tolerance;
  return changed ? { ...rule.tolerance, ...changed } : rule.tolerance;
}

function runEach<S extends RuleSubject>(subject: S, ctx: SubjectContexts[S], overrides: RuleOverrides): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rulesOf(subject)) {
    const o = overrides[rule.id];
    if (o?.enabled === false) continue;
    for (const f of rule.check(ctx, effectiveTolerance(rule, overrides))) {
      findings.push(o?.severity ? { ...f, severity: o.severity } : f);
    }
  }
  return findings;
}

/**
 * Runs every enabled rule of a subject over its context; an override may disable a rule, change the severity of
 * its findings or change some of its thresholds (see toleranceProblem).
 */
export function runRulesFor<S extends RuleSubject>(
  subject: S,
  ctx: SubjectContexts[S],
  overrides: RuleOverrides = {},
): Finding[] {
  if (subject === 'return') return withDerived(ctx as RuleContext, () => runEach(subject, ctx, overrides));
  return runEach(subject, ctx, overrides);
}

/** Runs every enabled rule of the quarterly return (runRulesFor('return', …)). */
export function runRules(ctx: RuleContext, overrides: RuleOverrides = {}): Finding[] {
  return runRulesFor('return', ctx, overrides);
}

/** Whether any finding stops submission. */
export function hasBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'BLOCKING');
}

export interface RuleDescription {
  id: string;
  version: number;
  severity: Severity;
  subject: RuleSubject;
  section: RuleSection;
  title_zh: string;
  title_en: string;
  messages: Record<string, MessageTemplate>;
  tolerance: Tolerance | null;
  examples: {
    pass: PassExample<RuleSubject>[];
    fail: FailExample<RuleSubject>[];
  };
  /** The messages as a firm reads them, placeholders filled: the rule run over its failing examples. */
  samples: { note: string; message_zh: string; message_en: string }[];
}

export interface CatalogueDescription {
  version: string;
  /** Per subject, what its examples are laid over (a return for ContentPatch, a contract registration). */
  exampleBases: Record<RuleSubject, object>;
  rules: RuleDescription[];
}

/** An admin override of a rule as GET /api/rules lists it (its history, oldest period first). */
export interface RuleOverrideRecord {
  fromPeriod: string;
  enabled: boolean;
  /** Null: the catalogue's severity. */
  severity: FindingSeverity | null;
  setBy: string;
  setAt: string;
}

/** A rule of GET /api/rules (and the answer of PUT /api/rules/:id/override): its setting for the period asked for. */
export interface RuleCatalogueEntry extends RuleDescription {
  effective: EffectiveRule;
  overrides: RuleOverrideRecord[];
}

/** GET /api/rules: the catalogue with each rule's setting for the period and its override history. */
export interface RuleCatalogue extends CatalogueDescription {
  periodCode: string;
  rules: RuleCatalogueEntry[];
}

/** The catalogue as plain JSON (GET /api/rules). */
export function describeCatalogue(): CatalogueDescription {
  return JSON.parse(
    JSON.stringify({
      version: catalogueVersion,
      exampleBases: Object.fromEntries(RULE_SUBJECTS.map((s) => [s, EXAMPLE_SUBJECTS[s].base])),
      rules: RULES.map((r) => ({
        id: r.id,
        version: r.version,
        severity: r.severity,
        subject: r.subject,
        section: r.section,
        title_zh: r.title_zh,
        title_en: r.title_en,
        messages: r.messages,
        tolerance: r.tolerance ?? null,
        examples: r.examples,
        samples: samplesOf(r),
      })),
    }),
  );
}

type AnyExample = AnyRule['examples']['pass'][number];

/** The rule's findings on one of its examples, in the context of the rule's subject. */
export function checkExample(rule: AnyRule, example: AnyExample): Finding[] {
  return rule.subject === 'return'
    ? rule.check(EXAMPLE_SUBJECTS.return.context(example as Parameters<typeof EXAMPLE_SUBJECTS.return.context>[0]))
    : rule.check(EXAMPLE_SUBJECTS['technology-contract'].context(example));
}

/** One rendered message per distinct text the rule's failing examples give. */
function samplesOf(rule: AnyRule): RuleDescription['samples'] {
  const seen = new Map<string, RuleDescription['samples'][number]>();
  for (const example of rule.examples.fail as (AnyExample & { note: string })[])
    for (const f of checkExample(rule, example).filter((x) => x.ruleId === rule.id))
      if (!seen.has(f.message_zh))
        seen.set(f.message_zh, { note: example.note, message_zh: f.message_zh, message_en: f.message_en });
  return [...seen.values()];
}

/** One row per rule for the CSV download; the header names the columns. */
export function catalogueTable(): { header: string[]; rows: string[][] } {
  return {
    header: [
      'id',
      'version',
      'severity',
      'subject',
      'section',
      'title_zh',
      'title_en',
      'messages_zh',
      'messages_en',
      'tolerance',
    ],
    rows: RULES.map((r) => [
      r.id,
      String(r.version),
      r.severity,
      r.subject,
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

/** Validation of returns (DOMAIN.md §5): runs per revision, findings, explanations, the rule catalogue API. */

export const VALIDATION_RUN_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ValidationRunStatus = (typeof VALIDATION_RUN_STATUSES)[number];

export const FINDING_STATUSES = ['OPEN', 'EXPLAINED', 'FIXED'] as const;
/** OPEN: stands; EXPLAINED: an explain-or-fix finding with an accepted explanation; FIXED: a later revision no longer has it. */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export type FindingSeverity = 'BLOCKING' | 'EXPLAIN' | 'INFO';

/**
 * What a rule checks: a quarterly return (报表) or the registration of a technology import or export contract
 * (技术进出口合同登记). One engine and one catalogue serve both; each rule declares its subject.
 */
export const RULE_SUBJECTS = ['return', 'technology-contract'] as const;
export type RuleSubject = (typeof RULE_SUBJECTS)[number];

export const RULE_SUBJECT_LABELS: Record<RuleSubject, { zh: string; en: string }> = {
  return: { zh: '季度报表', en: 'Quarterly return' },
  'technology-contract': { zh: '技术进出口合同登记', en: 'Technology contract registration' },
};

export interface FindingView {
  id: string;
  revision: number;
  ruleId: string;
  severity: FindingSeverity;
  /** JSON paths into the revision's content (`servicesTrade[1].amount`), or a section (`executions`). */
  cells: string[];
  message_zh: string;
  message_en: string;
  params: Record<string, string | number>;
  status: FindingStatus;
  reasonCode: string | null;
  explanation: string | null;
  explainedBy: string | null;
  explainedAt: string | null;
}

export interface FindingCounts {
  blocking: number;
  explain: number;
  /** Explain-or-fix findings without an accepted explanation. */
  unexplained: number;
  info: number;
}

/** GET /api/returns/:id/validation: the latest revision's validation. */
export interface ValidationView {
  returnId: string;
  revision: number;
  /** NONE: the revision has not been queued for validation yet. */
  status: ValidationRunStatus | 'NONE';
  /** Percent. */
  progress: number;
  /** Jobs waiting ahead of this one, while it waits. */
  queuePosition: number | null;
  catalogueVersion: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Whether the findings were computed on the revision's content as it is now. */
  current: boolean;
  counts: FindingCounts;
  findings: FindingView[];
}

export interface ExplainRequest {
  reasonCode?: string;
  text?: string;
}

/** An admin override of a rule from a period on (versioned by period). */
export interface RuleOverrideInput {
  fromPeriod: string;
  enabled: boolean;
  /** Null: the catalogue's severity. */
  severity?: FindingSeverity | null;
}

/** GET /api/rules: a rule's setting in force for the period asked for. */
export interface EffectiveRule {
  enabled: boolean;
  severity: FindingSeverity;
  /** The period the override in force applies from; null when the catalogue's setting applies. */
  overrideFrom: string | null;
}

/** POST /api/rules/:id/preview: what an override would change in a period's returns. */
export interface RuleImpactPreview {
  ruleId: string;
  periodCode: string;
  returns: number;
  /** Returns that would stop passing (a blocking or unexplained finding) and that would start passing. */
  toBlocked: number;
  toPassing: number;
  /** Findings of the rule over all returns, before and after. */
  findingsBefore: number;
  findingsAfter: number;
  flipped: RuleImpactFlip[];
}

/** A return whose outcome the override would change. */
export interface RuleImpactFlip {
  returnId: string;
  enterpriseName: string;
  before: 'PASS' | 'BLOCKED';
  after: 'PASS' | 'BLOCKED';
}

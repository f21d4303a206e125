export * from './model';
export { codeLookup, totalsOf } from './context';
export { cellPath, FIELD_LABELS, SECTION_LABELS } from './labels';
export {
  EXAMPLE_BASE,
  EXAMPLE_SUBJECTS,
  exampleContext,
  TECHNOLOGY_EXAMPLE_BASE,
  technologyExampleContext,
} from './examples';
export {
  catalogueTable,
  checkExample,
  catalogueVersion,
  describeCatalogue,
  effectiveTolerance,
  hasBlocking,
  ruleById,
  RULES,
  rulesOf,
  runRules,
  runRulesFor,
  toleranceProblem,
  type CatalogueDescription,
  type RuleCatalogue,
  type RuleCatalogueEntry,
  type RuleDescription,
  type RuleOverrideRecord,
} from './catalogue';
export {
  explanationProblem,
  MIN_EXPLANATION_SUBSTANCE,
  normaliseExplanation,
  REASON_CODES,
  REASON_LABELS,
  type ExplanationProblem,
  type ExplanationProblemCode,
  type ReasonCode,
} from './explanations';

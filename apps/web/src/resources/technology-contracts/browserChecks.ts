import { codeLookup, runRulesFor, type Finding } from '@portal/rules';
import type { TechnologyContract } from '@portal/shared';

/**
 * Rules of the catalogue the browser can run on the document alone, for instant feedback; the worker runs them all
 * (codes valid on the signing date, open periods, the firm's other contracts and history).
 */
const DOCUMENT_RULES = new Set([
  'R-TEC-001',
  'R-TEC-002',
  'R-TEC-003',
  'R-TEC-005',
  'R-TEC-007',
  'R-TEC-008',
  'R-TEC-011',
]);

export function browserFindings(contract: TechnologyContract): Finding[] {
  const findings = runRulesFor('technology-contract', {
    contract,
    today: '9999-12-31',
    openPeriods: [],
    cnyPerUsd: 1,
    codes: codeLookup({}),
    otherContractNos: new Set(),
    registeredAmountsUsd: [],
  });
  return findings.filter((f) => DOCUMENT_RULES.has(f.ruleId));
}

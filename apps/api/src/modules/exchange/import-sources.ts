import { groupReturns, type ParsedBundle, type ReturnPieces } from '@portal/exchange';
import { periodOfDate, type ContentIssue, type ProfileSection } from '@portal/shared';
import type { ImportError } from './import-job.entity';

/** Rows of the bundle behind one (firm, period) return, to point content issues back at file and line. */
export interface GroupSource {
  pieces: ReturnPieces;
  lines: { servicesTrade: number[]; contracts: number[]; executions: number[]; workforce: number | null };
}

const SECTION_FILES: Record<string, string> = {
  servicesTrade: 'services_trade.csv',
  contracts: 'outsourcing_contracts.csv',
  executions: 'outsourcing_executions.csv',
  workforce: 'workforce.csv',
  profile: 'enterprises.csv',
};

export function fileRows(bundle: ParsedBundle): [string, { uscc: string; line: number }[]][] {
  return [
    ['enterprises.csv', bundle.enterprises],
    ['services_trade.csv', bundle.servicesTrade],
    ['outsourcing_contracts.csv', bundle.contracts],
    ['outsourcing_executions.csv', bundle.executions],
    ['workforce.csv', bundle.workforce],
    ['technology_contracts.csv', bundle.technologyContracts],
  ];
}

/** groupReturns with the source line of every piece, in the same order as the pieces' lines. */
export function groupSources(bundle: ParsedBundle): GroupSource[] {
  const lines = new Map<string, GroupSource['lines']>();
  const at = (uscc: string, period: string) => {
    const key = `${uscc} ${period}`;
    if (!lines.has(key)) lines.set(key, { servicesTrade: [], contracts: [], executions: [], workforce: null });
    return lines.get(key)!;
  };
  for (const r of bundle.servicesTrade) at(r.uscc, r.period).servicesTrade.push(r.line);
  for (const r of bundle.contracts) at(r.uscc, periodOfDate(r.signedDate)).contracts.push(r.line);
  for (const r of bundle.executions) at(r.uscc, r.period).executions.push(r.line);
  for (const r of bundle.workforce) at(r.uscc, r.period).workforce = r.line;
  return groupReturns(bundle).map((pieces) => ({ pieces, lines: at(pieces.uscc, pieces.period) }));
}

/** A content issue of a merged return, pointed back at the bundle row it came from where there is one. */
export function issueError(issue: ContentIssue, source: GroupSource): ImportError {
  const m =
    /^(servicesTrade|contracts|executions)\[(\d+)\]/.exec(issue.path) ?? /^(workforce|profile)/.exec(issue.path);
  const section = m?.[1];
  let line: number | null = null;
  if (section === 'workforce') line = source.lines.workforce;
  else if (section && m?.[2] !== undefined) line = source.lines[section as 'servicesTrade'][Number(m[2])] ?? null;
  const where = `${source.pieces.uscc} ${source.pieces.period}`;
  return {
    file: section ? SECTION_FILES[section] : null,
    line,
    // CSV columns are the snake_case of the content's fields (category_code, signed_date, ...).
    column: issue.field ? issue.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : null,
    value: null,
    code: 'RETURN_CONTENT',
    message_zh: `${where}：${issue.message_zh}`,
    message_en: `${where}: ${issue.message_en}`,
  };
}

type ProfileFields = Omit<ProfileSection, 'confirmed' | 'advancedTech'>;

/**
 * The profile section of an imported return: the bundle's enterprises.csv row when it has one (its 高新 flag from
 * the profile valid in the period), else the profile valid in the period, else none.
 */
export function importedProfile(
  row: ProfileFields | undefined,
  valid: (ProfileFields & { advancedTech: boolean }) | null | undefined,
  confirmed: boolean,
): ProfileSection | null {
  const from = row ?? valid;
  if (!from) return null;
  return {
    confirmed,
    nameZh: from.nameZh,
    regionCode: from.regionCode,
    zoneCode: from.zoneCode,
    natureCode: from.natureCode,
    industryCode: from.industryCode,
    keyEnterprise: from.keyEnterprise,
    advancedTech: valid?.advancedTech ?? false,
  };
}

/** The sections a bundle replaces in the returns it touches: those whose file has rows (the others are kept). */
export function replacedSections(bundle: ParsedBundle) {
  return {
    servicesTrade: bundle.servicesTrade.length > 0,
    contracts: bundle.contracts.length > 0,
    executions: bundle.executions.length > 0,
    workforce: bundle.workforce.length > 0,
  };
}

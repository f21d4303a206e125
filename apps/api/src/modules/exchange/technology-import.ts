import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { TechnologyContractRow } from '@portal/exchange';
import { periodOfDate, TECHNOLOGY_CONTRACT_FIELD_LABELS, type ContractVersionKind } from '@portal/shared';
import type { AuditEvent } from '../audit/audit.service';
import { insertRows, queryOf, type Column, type Query } from '../../core/database/bulk-insert';
import { refreshTechnologyFacts } from '../official-tables/facts';
import { appendAuditEntries } from '../audit/audit-batch';
import type { ImportError, ImportJobEntity } from './import-job.entity';

/*
 * technology_contracts.csv of an import (EXCHANGE_FORMAT.md, format 1.1), inside the import's transaction: any
 * error is listed with file, line, column and value and the caller rolls everything back.
 *
 * - An administrator's historical import stores the rows as REGISTERED contracts marked with the import's source
 *   (a new contract: version 1; a registered contract whose figures differ: a new registered version, kind CHANGE,
 *   the reason naming the import), enters them in the technology facts and audits each contract written. A row
 *   equal to the registered version changes nothing, so importing a bundle twice writes nothing the second time.
 * - A firm's import makes the rows the firm's registration applications (DRAFT, source IMPORT): a new contract, or
 *   the draft of one not yet filed; a contract already filed or registered is changed through the workflow only: a
 *   row equal to it (the firm's own bundle uploaded again) counts as unchanged, a row that differs is refused
 *   naming the first field that differs.
 * - Either way, `technologyContractsUnchanged` counts the rows that leave their contract as it is.
 */

const FILE = 'technology_contracts.csv';

/** The firm of a row, as the importer resolved it. */
export interface ImportFirm {
  id: string;
  reviewUnitCode: string;
  provinceCode: string;
}

interface Existing {
  id: string;
  enterprise_id: string;
  contract_no: string;
  direction: string;
  status: string;
  registration_no: string | null;
  current_version: number;
  registered_version: number | null;
  frozen: boolean | null;
  signed_date: string | null;
  mode_code: string | null;
  foreign_party: string | null;
  partner_code: string | null;
  tech_fee: string | null;
  equipment_fee: string | null;
  contract_amount: string | null;
  currency: string | null;
  /** The current version's document where it is not the one above (a filed change of a registered contract). */
  current_doc: Document | null;
}

/** A version's document as compared with a row (amounts as text from a column, numbers from JSON). */
type Document = Pick<Existing, 'signed_date' | 'mode_code' | 'foreign_party' | 'partner_code' | 'currency'> & {
  tech_fee: string | number | null;
  equipment_fee: string | number | null;
  contract_amount: string | number | null;
};

/** Columns of technology_contract in the order the bulk writers build their rows (imports, the benchmark). */
export const CONTRACT_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['enterprise_id', 'uuid'],
  ['contract_no', 'varchar'],
  ['direction', 'varchar'],
  ['period_code', 'varchar'],
  ['review_unit_code', 'varchar'],
  ['province_code', 'varchar'],
  ['status', 'varchar'],
  ['registration_no', 'varchar'],
  ['current_version', 'int'],
  ['registered_version', 'int'],
  ['first_registered_at', 'timestamptz'],
  ['row_version', 'int'],
];

const VERSION_COLUMNS: Column[] = [
  ['contract_id', 'uuid'],
  ['version', 'int'],
  ['kind', 'varchar'],
  ['reason', 'text'],
  ['signed_date', 'date'],
  ['period_code', 'varchar'],
  ['mode_code', 'varchar'],
  ['foreign_party', 'varchar'],
  ['partner_code', 'varchar'],
  ['tech_fee', 'numeric'],
  ['equipment_fee', 'numeric'],
  ['contract_amount', 'numeric'],
  ['currency', 'varchar'],
  ['cny_per_usd', 'numeric'],
  ['tech_fee_usd', 'numeric'],
  ['equipment_fee_usd', 'numeric'],
  ['contract_amount_usd', 'numeric'],
  ['source', 'varchar'],
  ['source_note', 'text'],
  ['frozen', 'bool'],
  ['submitted_at', 'timestamptz'],
  ['submitted_by', 'uuid'],
  ['registered_at', 'timestamptz'],
  ['registered_by', 'uuid'],
  ['created_by', 'uuid'],
];

const cents = (v: number | string) => Math.round(Number(v) * 100);

/**
 * The document's fields in the order of technology_contracts.csv: column, stored value, the row's value, equal.
 * Amounts are compared to the cent.
 */
function fieldsOf(d: Document, r: TechnologyContractRow): [string, string | null, string, boolean][] {
  const amount = (
    column: string,
    stored: string | number | null,
    row: number,
  ): [string, string | null, string, boolean] => [
    column,
    stored === null ? null : String(Number(stored)),
    String(row),
    cents(stored ?? NaN) === cents(row),
  ];
  const text = (column: string, stored: string | null, row: string): [string, string | null, string, boolean] => [
    column,
    stored,
    row,
    stored === row,
  ];
  return [
    text('signed_date', d.signed_date, r.signedDate),
    text('mode_code', d.mode_code, r.modeCode),
    text('foreign_party', d.foreign_party, r.foreignParty),
    text('partner_code', d.partner_code, r.partnerCode),
    amount('tech_fee', d.tech_fee, r.techFee),
    amount('equipment_fee', d.equipment_fee, r.equipmentFee),
    amount('contract_amount', d.contract_amount, r.contractAmount),
    text('currency', d.currency, r.currency),
  ];
}

/** Whether the stored version carries exactly the row's document (amounts to the cent). */
function sameDocument(e: Existing, r: TechnologyContractRow): boolean {
  return e.direction === r.direction && fieldsOf(e, r).every(([, , , equal]) => equal);
}

/** The form's field of a technology_contracts.csv column a filed contract is compared on. */
const FIELD_OF_COLUMN: Record<string, keyof typeof TECHNOLOGY_CONTRACT_FIELD_LABELS> = {
  direction: 'direction',
  signed_date: 'signedDate',
  mode_code: 'modeCode',
  foreign_party: 'foreignParty',
  partner_code: 'partnerCode',
  tech_fee: 'techFee',
  equipment_fee: 'equipmentFee',
  contract_amount: 'contractAmount',
  currency: 'currency',
};

/**
 * A contract filed or registered: the row is its registered document, or the one last filed (a change under
 * review), unchanged; else the first field that differs from the registered (else current) version.
 */
function filedDifference(e: Existing, r: TechnologyContractRow): [string, string | null, string] | null {
  if (
    sameDocument(e, r) ||
    (e.current_doc && e.direction === r.direction && fieldsOf(e.current_doc, r).every((f) => f[3]))
  )
    return null;
  if (e.direction !== r.direction) return ['direction', e.direction, r.direction];
  const [column, stored, row] = fieldsOf(e, r).find(([, , , equal]) => !equal)!;
  return [column, stored, row];
}

/** An amount in USD to the cent at `cnyPerUsd` CNY per USD (1 for USD). */
const usd = (amount: number, currency: string, cnyPerUsd: number) =>
  currency === 'USD' ? amount.toFixed(2) : (Math.round((amount * 100) / cnyPerUsd) / 100).toFixed(2);

function rowError(
  r: TechnologyContractRow,
  column: string,
  value: string | null,
  code: string,
  zh: string,
  en: string,
): ImportError {
  return {
    file: FILE,
    line: r.line,
    column,
    value,
    code,
    message_zh: `第 ${r.line} 行：${zh}`,
    message_en: `Line ${r.line}: ${en}`,
  };
}

/** The contracts the rows name, with the version that decides (the registered one, else the current one). */
async function existingContracts(
  q: Query,
  rows: readonly TechnologyContractRow[],
  firms: ReadonlyMap<string, ImportFirm>,
): Promise<Map<string, Existing>> {
  const pairs = rows.map((r) => [firms.get(r.uscc)!.id, r.contractNo]);
  const found: Existing[] = pairs.length
    ? await q(
        `SELECT c.id, c.enterprise_id, c.contract_no, c.direction, c.status, c.registration_no, c.current_version,
                c.registered_version, v.frozen, to_char(v.signed_date, 'YYYY-MM-DD') AS signed_date, v.mode_code,
                v.foreign_party, v.partner_code, v.tech_fee, v.equipment_fee, v.contract_amount, v.currency,
                CASE WHEN cur.version <> v.version THEN to_jsonb(cur) - 'version' END AS current_doc
           FROM unnest($1::uuid[], $2::varchar[]) AS x(e, n)
           JOIN technology_contract c ON c.enterprise_id = x.e AND c.contract_no = x.n
           LEFT JOIN technology_contract_version v
                  ON v.contract_id = c.id AND v.version = COALESCE(c.registered_version, c.current_version)
           LEFT JOIN LATERAL (
                  SELECT w.version, to_char(w.signed_date, 'YYYY-MM-DD') AS signed_date, w.mode_code, w.foreign_party,
                         w.partner_code, w.tech_fee, w.equipment_fee, w.contract_amount, w.currency
                    FROM technology_contract_version w
                   WHERE w.contract_id = c.id AND w.version = c.current_version) cur ON true
            FOR UPDATE OF c`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      )
    : [];
  return new Map(found.map((e) => [`${e.enterprise_id}|${e.contract_no}`, e]));
}

/** CNY per USD of the signing quarters of CNY rows (USD rows need no rate). */
async function ratesOf(q: Query, rows: readonly TechnologyContractRow[]): Promise<Map<string, number>> {
  const periods = [...new Set(rows.filter((r) => r.currency !== 'USD').map((r) => periodOfDate(r.signedDate)))];
  if (!periods.length) return new Map();
  const found: { code: string; cny_per_usd: string }[] = await q(
    `SELECT code, cny_per_usd FROM period WHERE code = ANY($1::varchar[])`,
    [periods],
  );
  return new Map(found.map((p) => [p.code, Number(p.cny_per_usd)]));
}

function rateOrError(r: TechnologyContractRow, rates: Map<string, number>, errors: ImportError[]): number | null {
  if (r.currency === 'USD') return 1;
  const period = periodOfDate(r.signedDate);
  const rate = rates.get(period);
  if (rate !== undefined) return rate;
  errors.push(
    rowError(
      r,
      'currency',
      r.currency,
      'PERIOD_MISSING',
      `报告期 ${period} 不存在，无法按该期汇率折算人民币金额（请管理员先设置报告期）`,
      `reporting period ${period} does not exist, so its rate cannot convert the CNY amounts (an administrator must set it up first)`,
    ),
  );
  return null;
}

function versionRow(
  contractId: string,
  version: number,
  kind: ContractVersionKind,
  reason: string | null,
  r: TechnologyContractRow,
  rate: number,
  source: 'HISTORICAL' | 'IMPORT',
  note: string,
  registered: { at: Date; by: string } | null,
  createdBy: string,
): unknown[] {
  return [
    contractId,
    version,
    kind,
    reason,
    r.signedDate,
    periodOfDate(r.signedDate),
    r.modeCode,
    r.foreignParty,
    r.partnerCode,
    r.techFee.toFixed(2),
    r.equipmentFee.toFixed(2),
    r.contractAmount.toFixed(2),
    r.currency,
    rate.toFixed(4),
    usd(r.techFee, r.currency, rate),
    usd(r.equipmentFee, r.currency, rate),
    usd(r.contractAmount, r.currency, rate),
    source,
    note,
    registered !== null,
    registered?.at ?? null,
    registered?.by ?? null,
    registered?.at ?? null,
    registered?.by ?? null,
    createdBy,
  ];
}

/**
 * An administrator's historical import: the rows become registered contracts (see above). Answers the counts of
 * the job; problems go to `errors` and nothing should then be committed.
 */
export async function importHistoricalTechnology(
  m: EntityManager,
  job: ImportJobEntity,
  rows: readonly TechnologyContractRow[],
  firms: ReadonlyMap<string, ImportFirm>,
  errors: ImportError[],
): Promise<Record<string, number>> {
  if (!rows.length) return {};
  const q = queryOf(m);
  const note = job.sourceNote ?? job.fileName;
  const existing = await existingContracts(q, rows, firms);
  const rates = await ratesOf(q, rows);

  // A registration number names one contract: within the bundle and against the portal's other contracts.
  const numbers = [...new Set(rows.map((r) => r.registrationNo).filter((n): n is string => n !== null))];
  const taken: { registration_no: string; enterprise_id: string; contract_no: string }[] = numbers.length
    ? await q(
        `SELECT registration_no, enterprise_id, contract_no FROM technology_contract
          WHERE registration_no = ANY($1::varchar[])`,
        [numbers],
      )
    : [];
  const holder = new Map(taken.map((t) => [t.registration_no, `${t.enterprise_id}|${t.contract_no}`]));
  const firstLine = new Map<string, number>();

  const now = new Date();
  const fresh: unknown[][] = [];
  const versions: unknown[][] = [];
  const changed: { id: string; version: number; row: TechnologyContractRow; registrationNo: string | null }[] = [];
  const events: AuditEvent[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const firm = firms.get(r.uscc)!;
    const key = `${firm.id}|${r.contractNo}`;
    const e = existing.get(key);
    if (r.registrationNo !== null) {
      const first = firstLine.get(r.registrationNo);
      const other = holder.get(r.registrationNo);
      if (first !== undefined)
        errors.push(
          rowError(
            r,
            'registration_no',
            r.registrationNo,
            'DUPLICATE_REGISTRATION_NO',
            `登记证书编号 ${r.registrationNo} 已在第 ${first} 行使用`,
            `registration number ${r.registrationNo} is already used on line ${first}`,
          ),
        );
      else if (other !== undefined && other !== key)
        errors.push(
          rowError(
            r,
            'registration_no',
            r.registrationNo,
            'REGISTRATION_NO_TAKEN',
            `登记证书编号 ${r.registrationNo} 已属于门户中的另一份合同`,
            `registration number ${r.registrationNo} already belongs to another contract in the portal`,
          ),
        );
      firstLine.set(r.registrationNo, r.line);
    }
    const registrationNo = r.registrationNo ?? e?.registration_no ?? null;
    // The registered document again (a bundle downloaded from the portal): nothing to write, whatever the workflow.
    if (e && e.registered_version !== null && sameDocument(e, r) && registrationNo === e.registration_no) {
      unchanged++;
      continue;
    }
    const rate = rateOrError(r, rates, errors);
    if (rate === null) continue;
    if (e && e.status !== 'REGISTERED') {
      errors.push(
        rowError(
          r,
          'contract_no',
          r.contractNo,
          'CONTRACT_IN_WORKFLOW',
          `合同 ${r.contractNo} 在门户中处于“${e.status}”状态，历史数据不能覆盖登记流程中的合同`,
          `contract ${r.contractNo} is ${e.status} in the portal; historical data cannot overwrite a contract in the registration workflow`,
        ),
      );
      continue;
    }
    const registered = { at: now, by: job.createdBy };
    if (e) {
      const version = e.current_version + 1;
      versions.push(
        versionRow(
          e.id,
          version,
          'CHANGE',
          `历史数据导入：${note}`,
          r,
          rate,
          'HISTORICAL',
          note,
          registered,
          job.createdBy,
        ),
      );
      changed.push({ id: e.id, version, row: r, registrationNo });
      events.push(audit(job, e.id, r, version, note));
    } else {
      const id = randomUUID();
      const period = periodOfDate(r.signedDate);
      fresh.push([
        id,
        firm.id,
        r.contractNo,
        r.direction,
        period,
        firm.reviewUnitCode,
        firm.provinceCode,
        'REGISTERED',
        registrationNo,
        1,
        1,
        now,
        1,
      ]);
      versions.push(versionRow(id, 1, 'REGISTRATION', null, r, rate, 'HISTORICAL', note, registered, job.createdBy));
      events.push(audit(job, id, r, 1, note));
    }
  }
  if (errors.length) return {};
  await insertRows(q, 'technology_contract', CONTRACT_COLUMNS, fresh);
  if (changed.length) {
    await q(
      `UPDATE technology_contract c
          SET current_version = x.v, registered_version = x.v, direction = x.d, period_code = x.p,
              registration_no = x.n, row_version = c.row_version + 1, updated_at = CURRENT_TIMESTAMP
         FROM unnest($1::uuid[], $2::int[], $3::varchar[], $4::varchar[], $5::varchar[]) AS x(id, v, d, p, n)
        WHERE c.id = x.id`,
      [
        changed.map((c) => c.id),
        changed.map((c) => c.version),
        changed.map((c) => c.row.direction),
        changed.map((c) => periodOfDate(c.row.signedDate)),
        changed.map((c) => c.registrationNo),
      ],
    );
  }
  await insertRows(q, 'technology_contract_version', VERSION_COLUMNS, versions);
  await refreshTechnologyFacts(m, [...fresh.map((f) => f[0] as string), ...changed.map((c) => c.id)]);
  await appendAuditEntries(m, events, { last: null });
  return {
    technologyContracts: rows.length,
    technologyContractsChanged: events.length,
    technologyContractsUnchanged: unchanged,
  };
}

function audit(job: ImportJobEntity, id: string, r: TechnologyContractRow, version: number, note: string): AuditEvent {
  return {
    action: 'technology-contracts.import-historical',
    actorId: job.createdBy,
    actorUsername: job.createdByUsername,
    entityType: 'technology-contract',
    entityId: id,
    details: { contractNo: r.contractNo, version, registrationNo: r.registrationNo, source: note },
  };
}

/**
 * A firm's import: the rows become the firm's registration applications (DRAFT, source IMPORT). A new contract is
 * created; a draft not yet filed takes the row's figures; a returned application gets a new draft version; a
 * contract filed or registered is left as it is when the row equals it, else refused (a change after registration
 * is filed through the workflow, with a reason).
 */
export async function importFirmTechnology(
  m: EntityManager,
  job: ImportJobEntity,
  rows: readonly TechnologyContractRow[],
  firms: ReadonlyMap<string, ImportFirm>,
  errors: ImportError[],
): Promise<Record<string, number>> {
  if (!rows.length) return {};
  const q = queryOf(m);
  const note = job.sourceNote ?? job.fileName;
  const source = 'IMPORT' as const;
  const existing = await existingContracts(q, rows, firms);
  const rates = await ratesOf(q, rows);
  const fresh: unknown[][] = [];
  const versions: unknown[][] = [];
  const redrafted: { id: string; version: number; row: TechnologyContractRow }[] = [];
  const edited: { id: string; version: number; row: TechnologyContractRow; rate: number }[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const firm = firms.get(r.uscc)!;
    const e = existing.get(`${firm.id}|${r.contractNo}`);
    const rate = rateOrError(r, rates, errors);
    if (rate === null) continue;
    if (e && e.status !== 'DRAFT' && e.status !== 'RETURNED') {
      // The firm's own bundle back: a filed or registered contract as the portal holds it is left as it is.
      const differs = filedDifference(e, r);
      if (!differs) {
        unchanged++;
        continue;
      }
      const [column, stored, value] = differs;
      const label = TECHNOLOGY_CONTRACT_FIELD_LABELS[FIELD_OF_COLUMN[column]];
      errors.push(
        rowError(
          r,
          column,
          value,
          'CONTRACT_ALREADY_FILED',
          `合同 ${r.contractNo} 已提交登记或已登记，${label.zh}（${column}）与门户中的“${stored ?? '（空）'}”不同；导入不能修改，请在门户中提出变更申请`,
          `contract ${r.contractNo} has been filed or registered and its ${label.en} (${column}) differs from "${stored ?? '(empty)'}" in the portal; an import cannot change it, apply for a change in the portal`,
        ),
      );
      continue;
    }
    if (e && e.direction !== r.direction) {
      errors.push(
        rowError(
          r,
          'direction',
          r.direction,
          'CONTRACT_DIRECTION_CHANGED',
          `合同 ${r.contractNo} 在门户中为${e.direction === 'EXPORT' ? '技术出口' : '技术进口'}，方向不能更改`,
          `contract ${r.contractNo} is an ${e.direction.toLowerCase()} in the portal; its direction cannot change`,
        ),
      );
      continue;
    }
    if (e && sameDocument(e, r)) {
      unchanged++;
      continue;
    }
    if (!e) {
      const id = randomUUID();
      fresh.push([
        id,
        firm.id,
        r.contractNo,
        r.direction,
        periodOfDate(r.signedDate),
        firm.reviewUnitCode,
        firm.provinceCode,
        'DRAFT',
        null,
        1,
        null,
        null,
        1,
      ]);
      versions.push(versionRow(id, 1, 'REGISTRATION', null, r, rate, source, note, null, job.createdBy));
    } else if (e.frozen) {
      const version = e.current_version + 1;
      versions.push(versionRow(e.id, version, 'REGISTRATION', null, r, rate, source, note, null, job.createdBy));
      redrafted.push({ id: e.id, version, row: r });
    } else edited.push({ id: e.id, version: e.current_version, row: r, rate });
  }
  if (errors.length) return {};
  await insertRows(q, 'technology_contract', CONTRACT_COLUMNS, fresh);
  await insertRows(q, 'technology_contract_version', VERSION_COLUMNS, versions);
  if (redrafted.length)
    await q(
      `UPDATE technology_contract c SET current_version = x.v, status = 'DRAFT', period_code = x.p,
              row_version = c.row_version + 1, updated_at = CURRENT_TIMESTAMP
         FROM unnest($1::uuid[], $2::int[], $3::varchar[]) AS x(id, v, p) WHERE c.id = x.id`,
      [
        redrafted.map((c) => c.id),
        redrafted.map((c) => c.version),
        redrafted.map((c) => periodOfDate(c.row.signedDate)),
      ],
    );
  for (const c of edited) {
    const v = versionRow(c.id, c.version, 'REGISTRATION', null, c.row, c.rate, source, note, null, job.createdBy);
    await q(
      `UPDATE technology_contract_version
          SET signed_date = $3, period_code = $4, mode_code = $5, foreign_party = $6, partner_code = $7,
              tech_fee = $8, equipment_fee = $9, contract_amount = $10, currency = $11, cny_per_usd = $12,
              tech_fee_usd = $13, equipment_fee_usd = $14, contract_amount_usd = $15, source = $16, source_note = $17,
              updated_at = CURRENT_TIMESTAMP
        WHERE contract_id = $1 AND version = $2`,
      v.slice(0, 2).concat(v.slice(4, 19)),
    );
    await q(`UPDATE technology_contract SET period_code = $2, updated_at = CURRENT_TIMESTAMP WHERE id = $1`, [
      c.id,
      periodOfDate(c.row.signedDate),
    ]);
  }
  return {
    technologyContracts: rows.length,
    technologyContractsChanged: fresh.length + redrafted.length + edited.length,
    technologyContractsUnchanged: unchanged,
  };
}

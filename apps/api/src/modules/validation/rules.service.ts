import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DataSource, type EntityManager } from 'typeorm';
import {
  catalogueTable,
  describeCatalogue,
  ruleById,
  runRules,
  type Finding,
  type RuleCatalogue,
  type RuleCatalogueEntry,
  type RuleOverrides,
} from '@portal/rules';
import {
  periodOfDate,
  previousPeriod,
  type EffectiveRule,
  type ReturnContent,
  type RuleImpactPreview,
  type RuleOverrideInput,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { CodesService } from '../codes/codes.service';
import { shanghaiDate } from '../periods/calendar';
import { checkInputs, findingKey, periodCodes } from './rule-context';
import { RuleOverrideEntity } from './validation.entity';

/** The quarter being filed now: the one before today's (Asia/Shanghai). */
export const currentPeriod = () => previousPeriod(periodOfDate(shanghaiDate()));

@Injectable()
export class RulesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly codes: CodesService,
    private readonly audit: AuditService,
  ) {}

  /** Per rule, the override with the latest `fromPeriod` not after the period. */
  async inForce(periodCode: string, m: EntityManager = this.ds.manager): Promise<Map<string, RuleOverrideEntity>> {
    const rows = await m
      .getRepository(RuleOverrideEntity)
      .createQueryBuilder('o')
      .distinctOn(['o.ruleId'])
      .where('o.fromPeriod <= :periodCode', { periodCode })
      .orderBy('o.ruleId')
      .addOrderBy('o.fromPeriod', 'DESC')
      .getMany();
    return new Map(rows.map((o) => [o.ruleId, o]));
  }

  async overridesFor(periodCode: string): Promise<RuleOverrides> {
    const overrides: RuleOverrides = {};
    for (const [ruleId, o] of await this.inForce(periodCode)) {
      overrides[ruleId] = { enabled: o.enabled, ...(o.severity ? { severity: o.severity } : {}) };
    }
    return overrides;
  }

  /** GET /api/rules: the catalogue, each rule with its setting in force for the period and its override history. */
  async catalogue(periodCode: string): Promise<RuleCatalogue> {
    const [inForce, history] = await Promise.all([
      this.inForce(periodCode),
      this.ds.getRepository(RuleOverrideEntity).find({ order: { ruleId: 'ASC', fromPeriod: 'ASC' } }),
    ]);
    const catalogue = describeCatalogue();
    return {
      ...catalogue,
      periodCode,
      rules: catalogue.rules.map((r) => ({
        ...r,
        effective: effective(r.severity, inForce.get(r.id)),
        overrides: history
          .filter((o) => o.ruleId === r.id)
          .map(({ fromPeriod, enabled, severity, setBy, setAt }) => ({
            fromPeriod,
            enabled,
            severity,
            setBy,
            setAt: setAt.toISOString(),
          })),
      })),
    };
  }

  /** The catalogue as a table (catalogueTable()) with the setting in force for the period. */
  async table(periodCode: string): Promise<{ header: string[]; rows: string[][] }> {
    const inForce = await this.inForce(periodCode);
    const { header, rows } = catalogueTable();
    return {
      header: [...header, 'enabled', 'effective_severity', 'override_from'],
      rows: rows.map((row) => {
        const e = effective(ruleById(row[0])!.severity, inForce.get(row[0]));
        return [...row, String(e.enabled), e.severity, e.overrideFrom ?? ''];
      }),
    };
  }

  async csv(periodCode: string): Promise<Buffer> {
    const { header, rows } = await this.table(periodCode);
    // The BOM makes Excel open the file as UTF-8.
    return Buffer.from(`\uFEFF${stringify([header, ...rows], { record_delimiter: 'windows' })}`, 'utf8');
  }

  async xlsx(periodCode: string): Promise<Buffer> {
    const { header, rows } = await this.table(periodCode);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('审核规则');
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((c, i) => {
      c.width = i >= 5 && i <= 8 ? 48 : 14;
      c.alignment = { wrapText: true, vertical: 'top' };
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Sets a rule's override from a period on (again for the same period replaces it). */
  async setOverride(ruleId: string, input: RuleOverrideInput, actor: AuthUser): Promise<RuleCatalogueEntry> {
    assertRule(ruleId);
    const row = {
      ruleId,
      fromPeriod: input.fromPeriod,
      enabled: input.enabled,
      severity: input.severity ?? null,
      setBy: actor.id,
      setAt: new Date(),
    };
    await this.ds.transaction(async (m) => {
      await m.upsert(RuleOverrideEntity, row, ['ruleId', 'fromPeriod']);
      await this.audit.append(
        {
          action: 'rules.override',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'rule',
          entityId: ruleId,
          details: { fromPeriod: row.fromPeriod, enabled: row.enabled, severity: row.severity },
        },
        m,
      );
    });
    return (await this.catalogue(input.fromPeriod)).rules.find((r) => r.id === ruleId)!;
  }

  /**
   * What the override would change in the current period: the rules run over the current revision of every return
   * of the period with the settings in force and with the override on top. A return passes when it has no
   * blocking finding and no explain-or-fix finding without an explanation (explanations already given count).
   */
  async preview(ruleId: string, input: RuleOverrideInput): Promise<RuleImpactPreview> {
    assertRule(ruleId);
    const periodCode = currentPeriod();
    const rows: {
      return_id: string;
      enterprise_id: string;
      enterprise_name: string;
      content: ReturnContent;
      cny_per_usd: string;
      explained: string[] | null;
    }[] = await this.ds.query(
      `SELECT r.id AS return_id, r.enterprise_id, e.name_zh AS enterprise_name, v.content, v.cny_per_usd,
              (SELECT array_agg(f.rule_id || '|' || array_to_string(ARRAY(SELECT jsonb_array_elements_text(f.cells)), '|'))
                 FROM validation_finding f
                WHERE f.return_id = r.id AND f.revision = r.current_revision AND f.status = 'EXPLAINED') AS explained
         FROM statistical_return r
         JOIN return_revision v ON v.return_id = r.id AND v.revision = r.current_revision
         JOIN enterprise e ON e.id = r.enterprise_id
        WHERE r.period_code = $1
        ORDER BY e.name_zh`,
      [periodCode],
    );
    const before = await this.overridesFor(periodCode);
    const after: RuleOverrides = {
      ...before,
      [ruleId]: { enabled: input.enabled, ...(input.severity ? { severity: input.severity } : {}) },
    };
    const inputs = await checkInputs(
      this.ds.manager,
      await periodCodes(this.codes, periodCode),
      periodCode,
      rows.map((r) => ({
        returnId: r.return_id,
        enterpriseId: r.enterprise_id,
        periodCode,
        content: r.content,
        cnyPerUsd: Number(r.cny_per_usd),
      })),
    );
    const result: RuleImpactPreview = {
      ruleId,
      periodCode,
      returns: rows.length,
      toBlocked: 0,
      toPassing: 0,
      findingsBefore: 0,
      findingsAfter: 0,
      flipped: [],
    };
    for (const row of rows) {
      const { ctx } = inputs.get(row.return_id)!;
      const explained = new Set(row.explained ?? []);
      const blocked = (findings: Finding[]) =>
        findings.some((f) => f.severity === 'BLOCKING' || (f.severity === 'EXPLAIN' && !explained.has(findingKey(f))));
      const was = runRules(ctx, before);
      const will = runRules(ctx, after);
      result.findingsBefore += was.filter((f) => f.ruleId === ruleId).length;
      result.findingsAfter += will.filter((f) => f.ruleId === ruleId).length;
      const b = blocked(was);
      const a = blocked(will);
      if (a === b) continue;
      if (a) result.toBlocked += 1;
      else result.toPassing += 1;
      result.flipped.push({
        returnId: row.return_id,
        enterpriseName: row.enterprise_name,
        before: b ? 'BLOCKED' : 'PASS',
        after: a ? 'BLOCKED' : 'PASS',
      });
    }
    return result;
  }
}

function assertRule(ruleId: string) {
  if (!ruleById(ruleId)) throw notFound(`审核规则 ${ruleId}`, `rule ${ruleId}`);
}

function effective(severity: EffectiveRule['severity'], o: RuleOverrideEntity | undefined): EffectiveRule {
  if (!o) return { enabled: true, severity, overrideFrom: null };
  return { enabled: o.enabled, severity: o.severity ?? severity, overrideFrom: o.fromPeriod };
}

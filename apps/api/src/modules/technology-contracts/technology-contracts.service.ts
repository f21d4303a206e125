import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager, QueryFailedError, type SelectQueryBuilder } from 'typeorm';
import { explanationProblem } from '@portal/rules';
import {
  CONTRACT_EDITABLE_STATUSES,
  contractTransitionFor,
  isIsoDate,
  periodOfDate,
  TECHNOLOGY_CONTRACT_FIELD_LABELS,
  TECHNOLOGY_CONTRACT_FIELDS,
  type ContentIssue,
  type ContractWorkflowAction,
  type TechnologyContract,
  type TechnologyContractComment,
  type TechnologyContractDetail,
  type TechnologyContractListRow,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { PdfDocuments } from '../../core/documents/pdf-document';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { PeriodEntity } from '../periods/period.entity';
import { certificateDocument } from './certificate';
import { ContractChecks, countsOf, documentHash, findingViews, stops } from './contract-checks';
import { ContractLifecycle, contractStateError, mayTake, type AfterCommit } from './contract-lifecycle';
import {
  TechnologyContractAttachmentEntity,
  TechnologyContractCheckEntity,
  TechnologyContractTransitionEntity,
} from './contract-workflow.entity';
import { TechnologyContractEntity, TechnologyContractVersionEntity } from './technology-contract.entity';
import { documentOf, TechnologyContractsRepository } from './technology-contracts.repository';

export const CONTRACT_TERRITORY = {
  enterpriseId: 'c.enterpriseId',
  reviewUnitCode: 'c.reviewUnitCode',
  provinceCode: 'c.provinceCode',
};

/** A contract row with its firm, current version and check joined, as the list shows it. */
export type ContractRow = TechnologyContractEntity & {
  enterprise?: EnterpriseEntity;
  current?: TechnologyContractVersionEntity;
  check?: TechnologyContractCheckEntity;
};

/** File types a contract scan may have. */
const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e as { code?: string }).code === '23505';

const label = (field: keyof typeof TECHNOLOGY_CONTRACT_FIELD_LABELS) => TECHNOLOGY_CONTRACT_FIELD_LABELS[field];

/**
 * What a draft must have to be stored at all (column types): the rules judge the rest. Each problem names the
 * field, in Chinese and English, in the shape of a return's content issues.
 */
export function storableIssues(input: Record<string, unknown>): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const add = (field: keyof typeof TECHNOLOGY_CONTRACT_FIELD_LABELS, zh: string, en: string) =>
    issues.push({
      path: field,
      field,
      message_zh: `${label(field).zh}${zh}`,
      message_en: `${label(field).en[0].toUpperCase()}${label(field).en.slice(1)} ${en}`,
    });
  const unknown = Object.keys(input).filter((k) => !(TECHNOLOGY_CONTRACT_FIELDS as readonly string[]).includes(k));
  for (const k of unknown)
    issues.push({ path: k, field: k, message_zh: `不支持的字段：${k}`, message_en: `Unknown field: ${k}` });
  const text = (field: 'contractNo' | 'modeCode' | 'foreignParty' | 'partnerCode' | 'licenceNo', max: number) => {
    const v = input[field];
    if (field === 'licenceNo' && (v === null || v === undefined)) return;
    if (typeof v !== 'string') return add(field, '须为文本', 'must be text');
    if (v.length > max) add(field, `超过 ${max} 个字符`, `is longer than ${max} characters`);
  };
  text('contractNo', 64);
  if (typeof input.contractNo === 'string' && !input.contractNo.trim()) add('contractNo', '未填写', 'is missing');
  text('modeCode', 8);
  text('foreignParty', 200);
  text('partnerCode', 2);
  text('licenceNo', 100);
  if (input.direction !== 'EXPORT' && input.direction !== 'IMPORT')
    add('direction', '须为 EXPORT（出口）或 IMPORT（进口）', 'must be EXPORT or IMPORT');
  if (typeof input.signedDate !== 'string' || !isIsoDate(input.signedDate))
    add('signedDate', '须为有效日期（YYYY-MM-DD）', 'must be a valid date (YYYY-MM-DD)');
  if (input.currency !== 'USD' && input.currency !== 'CNY') add('currency', '须为 USD 或 CNY', 'must be USD or CNY');
  if (!['FREE', 'RESTRICTED', 'PROHIBITED'].includes(input.category as string))
    add('category', '须为自由类、限制类或禁止类', 'must be FREE, RESTRICTED or PROHIBITED');
  for (const field of ['techFee', 'equipmentFee', 'contractAmount'] as const) {
    const v = input[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) add(field, '须为金额（数字）', 'must be an amount (a number)');
    else if (Math.abs(v) >= 1e13) add(field, '超过上限（须小于 10,000,000,000,000）', 'is too large');
    else if (Math.round(v * 100) !== Number((v * 100).toFixed(6)))
      add(field, '超过两位小数，请保留到分', 'has more than two decimals; round it to cents');
  }
  return issues;
}

/** The document's columns of a version (amounts also in USD at the rate of the signing quarter). */
function versionColumns(doc: TechnologyContract, cnyPerUsd: number) {
  return {
    signedDate: doc.signedDate,
    periodCode: periodOfDate(doc.signedDate),
    modeCode: doc.modeCode,
    foreignParty: doc.foreignParty,
    partnerCode: doc.partnerCode,
    techFee: doc.techFee.toFixed(2),
    equipmentFee: doc.equipmentFee.toFixed(2),
    contractAmount: doc.contractAmount.toFixed(2),
    currency: doc.currency,
    cnyPerUsd: cnyPerUsd.toFixed(4),
    ...ContractChecks.usdAmounts(doc, cnyPerUsd),
    category: doc.category,
    licenceNo: doc.licenceNo?.trim() || null,
  };
}

/**
 * Technology contract registration (DOMAIN.md §8): the firm's drafts, filings, changes and cancellations, the city's
 * registration or return, the province's send-back, the certificate and the attachment. Every read and write is
 * limited to the caller's territory in its query (a foreign contract is a 404); state changes go through
 * ContractLifecycle.
 */
@Injectable()
export class TechnologyContractsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: TechnologyContractsRepository,
    private readonly checks: ContractChecks,
    private readonly lifecycle: ContractLifecycle,
    private readonly audit: AuditService,
    private readonly pdf: PdfDocuments,
  ) {}

  /** Contracts the caller may read, with firm, current version and its check joined (territory in the query). */
  scoped(user: AuthUser, m?: EntityManager): SelectQueryBuilder<ContractRow> {
    const qb = (
      (m ?? this.ds.manager)
        .getRepository(TechnologyContractEntity)
        .createQueryBuilder('c') as SelectQueryBuilder<ContractRow>
    )
      .leftJoinAndMapOne('c.enterprise', EnterpriseEntity, 'e', 'e.id = c.enterpriseId')
      .leftJoinAndMapOne(
        'c.current',
        TechnologyContractVersionEntity,
        'v',
        'v.contractId = c.id AND v.version = c.currentVersion',
      )
      .leftJoinAndMapOne(
        'c.check',
        TechnologyContractCheckEntity,
        'k',
        'k.contractId = c.id AND k.version = c.currentVersion',
      );
    return whereInTerritory(qb, user, CONTRACT_TERRITORY);
  }

  rowView(row: ContractRow): TechnologyContractListRow {
    const v = row.current!;
    return {
      id: row.id,
      enterpriseId: row.enterpriseId,
      enterpriseName: row.enterprise?.nameZh ?? '',
      uscc: row.enterprise?.uscc ?? '',
      contractNo: row.contractNo,
      direction: row.direction,
      periodCode: row.periodCode,
      status: row.status,
      registrationNo: row.registrationNo,
      currentVersion: row.currentVersion,
      registeredVersion: row.registeredVersion,
      reviewUnitCode: row.reviewUnitCode,
      signedDate: v.signedDate,
      modeCode: v.modeCode,
      partnerCode: v.partnerCode,
      contractAmount: Number(v.contractAmount),
      currency: v.currency,
      contractAmountUsd: Number(v.contractAmountUsd),
      versionKind: v.kind,
      materiality: row.check?.materiality ?? null,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** The contract as its page shows it; a write passes its manager so the answer is read before the commit. */
  async detail(user: AuthUser, id: string, m: EntityManager = this.ds.manager): Promise<TechnologyContractDetail> {
    const row = await this.scoped(user, m).andWhere('c.id = :id', { id }).getOne();
    if (!row) throw notFound('技术进出口合同', 'Technology contract');
    const reg = (await this.repo.registration(id, m))!;
    const v = row.current!;
    // One after another: inside a write's transaction the manager has a single connection.
    const check = await this.checks.checkOf(m, id, v.version);
    const attachment = await m.findOneBy(TechnologyContractAttachmentEntity, { contractId: id, version: v.version });
    const transitions = await m.find(TechnologyContractTransitionEntity, {
      where: { contractId: id },
      order: { at: 'ASC', id: 'ASC' },
    });
    const findings = check?.findings ?? [];
    return {
      ...reg,
      rowVersion: row.rowVersion,
      periodCode: row.periodCode,
      reviewUnitCode: row.reviewUnitCode,
      registeredVersion: row.registeredVersion,
      frozen: v.frozen,
      contentHash: v.contentHash,
      submittedAt: v.submittedAt?.toISOString() ?? null,
      firstRegisteredAt: row.firstRegisteredAt?.toISOString() ?? null,
      materiality: check?.materiality ?? null,
      check: {
        status: check?.status ?? 'NONE',
        current: !!check?.finishedAt && check.contentHash === documentHash(documentOf(row, v)),
        counts: countsOf(findings),
        findings,
        finishedAt: check?.finishedAt?.toISOString() ?? null,
      },
      attachment: attachment
        ? {
            fileName: attachment.fileName,
            size: attachment.size,
            sha256: attachment.sha256,
            contentType: attachment.contentType,
          }
        : null,
      transitions: transitions.map((t) => ({
        id: t.id,
        version: t.version,
        action: t.action,
        fromStatus: t.fromStatus,
        toStatus: t.toStatus,
        actorUsername: t.actorUsername,
        actorRole: t.actorRole,
        reason: t.reason,
        comments: t.comments,
        at: t.at.toISOString(),
      })),
    };
  }

  /** The firm starts a registration: a DRAFT with version 1 of the document. */
  async create(actor: AuthUser, input: Record<string, unknown>): Promise<TechnologyContractDetail> {
    const enterpriseId = this.ownEnterprise(actor);
    const doc = this.storable(input);
    let id: string;
    try {
      id = await this.ds.transaction(async (m) => {
        const firm = await m.findOneByOrFail(EnterpriseEntity, { id: enterpriseId });
        if (firm.status !== 'ACTIVE')
          throw new AppError('ENTERPRISE_STATE', {
            status: firm.status,
            actionZh: '登记合同',
            actionEn: 'used to register contracts',
          });
        const c = await m.save(
          m.create(TechnologyContractEntity, {
            enterpriseId,
            contractNo: doc.contractNo.trim(),
            direction: doc.direction,
            periodCode: periodOfDate(doc.signedDate),
            reviewUnitCode: firm.reviewUnitCode,
            provinceCode: firm.provinceCode,
            status: 'DRAFT',
            currentVersion: 1,
          }),
        );
        await m.insert(TechnologyContractVersionEntity, {
          contractId: c.id,
          version: 1,
          kind: 'REGISTRATION',
          ...versionColumns(doc, await this.rateOf(m, doc.signedDate)),
          source: 'WEB',
          createdBy: actor.id,
        });
        await this.checks.markQueued(m, c.id, 1);
        await this.audit.append(
          this.event('technology-contracts.create', actor, c.id, { contractNo: c.contractNo }),
          m,
        );
        return c.id;
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('DUPLICATE', {
          entity: '技术进出口合同',
          entityEn: 'Technology contract',
          key: doc.contractNo,
        });
      throw e;
    }
    await this.checks.enqueue(id, 1);
    return this.detail(actor, id);
  }

  /**
   * Autosave of the current version: optimistic lock on the row version, the document checked for what can be
   * stored (the rules' findings come from the queued check and the browser). A RETURNED contract is reopened.
   */
  async saveDraft(actor: AuthUser, id: string, input: Record<string, unknown>, expected: number) {
    let after: AfterCommit | null = null;
    const done = await this.ds.transaction(async (m) => {
      let c = await this.lockOwn(m, actor, id, expected);
      const doc = this.storable(input);
      if (!CONTRACT_EDITABLE_STATUSES.includes(c.status)) throw contractStateError(c, 'reopen');
      if (c.status === 'RETURNED') {
        after = await this.reopen(m, actor, c);
        c = await m.findOneByOrFail(TechnologyContractEntity, { id });
      }
      const v = await m.findOneByOrFail(TechnologyContractVersionEntity, { contractId: id, version: c.currentVersion });
      if (v.kind === 'CANCELLATION') throw contractStateError(c, 'change');
      // Number and direction belong to the contract: a change keeps them.
      if (c.registeredVersion !== null && (doc.contractNo.trim() !== c.contractNo || doc.direction !== c.direction))
        throw new AppError('CONTRACT_CONTENT_INVALID', { count: 1 }, [
          {
            path: 'contractNo',
            field: 'contractNo',
            message_zh: '已登记合同的合同编号和技术进出口方向不能变更',
            message_en: 'The number and direction of a registered contract cannot change',
          },
        ]);
      await m.update(
        TechnologyContractVersionEntity,
        { id: v.id },
        { ...versionColumns(doc, await this.rateOf(m, doc.signedDate)), createdBy: actor.id },
      );
      try {
        await m.update(
          TechnologyContractEntity,
          { id },
          {
            contractNo: doc.contractNo.trim(),
            direction: doc.direction,
            periodCode: periodOfDate(doc.signedDate),
            rowVersion: c.rowVersion + 1,
          },
        );
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('DUPLICATE', {
            entity: '技术进出口合同',
            entityEn: 'Technology contract',
            key: doc.contractNo,
          });
        throw e;
      }
      await this.checks.markQueued(m, id, c.currentVersion);
      return { version: c.currentVersion, detail: await this.detail(actor, id, m) };
    });
    if (after) await (after as AfterCommit)();
    await this.checks.enqueue(id, done.version);
    return done.detail;
  }

  /**
   * DRAFT → VALIDATING: the rules run at once (a 禁止类 contract or an amount that does not add up is refused here,
   * naming the field); then the version is frozen and hashed, and the worker's check moves it on to the city.
   */
  async submit(actor: AuthUser, id: string, expected: number) {
    let after: AfterCommit | null = null;
    const done = await this.ds.transaction(async (m) => {
      const c = await this.lockOwn(m, actor, id, expected);
      this.lifecycle.check(c, { action: 'submit', actor });
      const v = await m.findOneByOrFail(TechnologyContractVersionEntity, { contractId: id, version: c.currentVersion });
      const check = await this.checks.checkOf(m, id, v.version);
      const views = findingViews(await this.checks.findings(m, c, v), v.version, check?.explanations ?? {});
      const stopping = views.filter(stops);
      if (stopping.length) throw new AppError('VALIDATION_BLOCKING', { count: stopping.length }, stopping);
      const hash = documentHash(documentOf(c, v));
      await m.update(
        TechnologyContractVersionEntity,
        { id: v.id },
        { frozen: true, contentHash: hash, submittedAt: new Date(), submittedBy: actor.id },
      );
      after = await this.lifecycle.apply(m, c, { action: 'submit', actor, details: { contentHash: hash } });
      await this.checks.markQueued(m, id, v.version);
      return { version: v.version, detail: await this.detail(actor, id, m) };
    });
    if (after) await (after as AfterCommit)();
    await this.checks.enqueue(id, done.version);
    return done.detail;
  }

  /** 变更 / 注销 of a registered contract: a new version (a copy of the registered one) with its reason, as a draft. */
  async changeOrCancel(actor: AuthUser, id: string, expected: number, kind: 'change' | 'cancel', reason?: string) {
    let after: AfterCommit | null = null;
    const done = await this.ds.transaction(async (m) => {
      const c = await this.lockOwn(m, actor, id, expected);
      this.lifecycle.check(c, { action: kind, actor, reason });
      const next = await this.newVersionFromRegistered(
        m,
        actor,
        c,
        kind === 'change' ? 'CHANGE' : 'CANCELLATION',
        reason!.trim(),
      );
      after = await this.lifecycle.apply(m, c, { action: kind, actor, reason, set: { currentVersion: next } });
      await this.checks.markQueued(m, id, next);
      return { version: next, detail: await this.detail(actor, id, m) };
    });
    if (after) await (after as AfterCommit)();
    await this.checks.enqueue(id, done.version);
    return done.detail;
  }

  /** The firm explains an explain-or-fix finding of its current version (boilerplate is refused). */
  async explain(actor: AuthUser, id: string, expected: number, findingId: string, text?: string, reasonCode?: string) {
    return this.ds.transaction(async (m) => {
      const c = await this.lockOwn(m, actor, id, expected);
      if (!CONTRACT_EDITABLE_STATUSES.includes(c.status)) throw contractStateError(c, 'reopen');
      const v = await m.findOneByOrFail(TechnologyContractVersionEntity, { contractId: id, version: c.currentVersion });
      const check = await this.checks.checkOf(m, id, v.version);
      const explanations = check?.explanations ?? {};
      const findings = findingViews(await this.checks.findings(m, c, v), v.version, explanations);
      const finding = findings.find((f) => f.id === findingId);
      if (!finding) throw notFound('审核问题', 'Finding');
      if (finding.severity !== 'EXPLAIN') throw new AppError('FINDING_NOT_EXPLAINABLE', { severity: finding.severity });
      const others = Object.entries(explanations)
        .filter(([k]) => k !== findingId)
        .map(([, e]) => e.text);
      const problem = explanationProblem(text, others, reasonCode);
      if (problem)
        throw new AppError(
          'EXPLANATION_INVALID',
          { problemZh: problem.message_zh, problemEn: problem.message_en },
          { problem: problem.code },
        );
      const next = {
        ...explanations,
        [findingId]: {
          text: text?.trim() || null,
          reasonCode: reasonCode ?? null,
          by: actor.id,
          at: new Date().toISOString(),
        },
      };
      const views = findingViews(await this.checks.findings(m, c, v), v.version, next);
      await m.upsert(
        TechnologyContractCheckEntity,
        { contractId: id, version: v.version, explanations: next, findings: views },
        ['contractId', 'version'],
      );
      await m.update(TechnologyContractEntity, { id }, { rowVersion: c.rowVersion + 1 });
      await this.audit.append(
        this.event('technology-contracts.explain', actor, id, {
          version: v.version,
          findingId,
          reasonCode: reasonCode ?? null,
        }),
        m,
      );
      return this.detail(actor, id, m);
    });
  }

  /**
   * The city registers the version under review: a first registration issues the 登记证书编号; a change moves the
   * counted version; a cancellation leaves the contract CANCELLED.
   */
  async register(actor: AuthUser, id: string, expected: number, note?: string) {
    let after: AfterCommit | null = null;
    const detail = await this.ds.transaction(async (m) => {
      const c = await this.lockVisible(m, actor, id, 'register', expected);
      const v = await m.findOneByOrFail(TechnologyContractVersionEntity, { contractId: id, version: c.currentVersion });
      const action = v.kind === 'CANCELLATION' ? 'register-cancellation' : 'register';
      this.lifecycle.check(c, { action, actor });
      const now = new Date();
      const registrationNo = c.registrationNo ?? (await this.nextRegistrationNo(m, c, v));
      await m.update(
        TechnologyContractVersionEntity,
        { id: v.id },
        { registeredAt: now, registeredBy: actor.id, frozen: true },
      );
      after = await this.lifecycle.apply(m, c, {
        action,
        actor,
        reason: note ?? null,
        set: {
          registrationNo,
          registeredVersion: v.version,
          firstRegisteredAt: c.firstRegisteredAt ?? now,
          periodCode: v.periodCode,
        },
      });
      return this.detail(actor, id, m);
    });
    if (after) await (after as AfterCommit)();
    return detail;
  }

  /** The city returns the application to the firm, with a reason and remarks pinned to fields. */
  async returnToFirm(
    actor: AuthUser,
    id: string,
    expected: number,
    reason?: string,
    comments: TechnologyContractComment[] = [],
  ) {
    for (const cm of comments)
      if (!(TECHNOLOGY_CONTRACT_FIELDS as readonly string[]).includes(cm.field))
        throw new AppError('CELL_PATH_INVALID', { path: cm.field, revision: '—' });
    return this.decide(actor, id, expected, 'return', reason, comments);
  }

  /** The province sends a registration back to the city, with a reason. */
  sendBack(actor: AuthUser, id: string, expected: number, reason?: string) {
    return this.decide(actor, id, expected, 'send-back', reason, []);
  }

  /** The registration certificate (登记证书) of the registered version, as a PDF to keep or print. */
  async certificate(user: AuthUser, id: string): Promise<{ registrationNo: string; pdf: Buffer }> {
    const row = await this.scoped(user).andWhere('c.id = :id', { id }).getOne();
    if (!row) throw notFound('技术进出口合同', 'Technology contract');
    const v = await this.repo.registeredVersion(row);
    if (!v || !row.registrationNo || row.status === 'CANCELLED') throw new AppError('CERTIFICATE_NOT_ISSUED');
    return {
      registrationNo: row.registrationNo,
      pdf: await this.pdf.render(certificateDocument(row, row.enterprise!, v)),
    };
  }

  /** Stores the contract scan of the current (editable) version, replacing an earlier one. */
  async attach(actor: AuthUser, id: string, file: { originalname: string; buffer: Buffer; size: number } | undefined) {
    return this.ds.transaction(async (m) => {
      const c = await this.lockOwnAnyVersion(m, actor, id);
      if (!file) throw new AppError('UPLOAD_INVALID', { detail: '缺少文件字段 file / missing multipart field "file"' });
      // Multer reads the multipart file name as latin1; browsers send UTF-8 (合同.pdf).
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
      const contentType = ATTACHMENT_TYPES[ext];
      if (!contentType) throw new AppError('UPLOAD_INVALID', { detail: `${fileName}: .pdf / .jpg / .png` });
      if (!CONTRACT_EDITABLE_STATUSES.includes(c.status)) throw contractStateError(c, 'reopen');
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      await m.delete(TechnologyContractAttachmentEntity, { contractId: id, version: c.currentVersion });
      await m.insert(TechnologyContractAttachmentEntity, {
        contractId: id,
        version: c.currentVersion,
        fileName: fileName.slice(-200),
        contentType,
        size: file.size,
        sha256,
        data: file.buffer,
        uploadedBy: actor.id,
      });
      await m.update(TechnologyContractEntity, { id }, { rowVersion: c.rowVersion + 1 });
      await this.audit.append(
        this.event('technology-contracts.attach', actor, id, {
          version: c.currentVersion,
          fileName,
          sha256,
        }),
        m,
      );
      return this.detail(actor, id, m);
    });
  }

  /** The attachment of the current version (or of `version`), for anyone who may read the contract. */
  async attachment(user: AuthUser, id: string, version?: number) {
    const row = await this.scoped(user).andWhere('c.id = :id', { id }).getOne();
    if (!row) throw notFound('技术进出口合同', 'Technology contract');
    const found = await this.ds
      .getRepository(TechnologyContractAttachmentEntity)
      .createQueryBuilder('a')
      .addSelect('a.data')
      .where('a.contractId = :id AND a.version = :version', { id, version: version ?? row.currentVersion })
      .getOne();
    if (!found) throw new AppError('ATTACHMENT_MISSING');
    return found;
  }

  private async decide(
    actor: AuthUser,
    id: string,
    expected: number,
    action: 'return' | 'send-back',
    reason: string | undefined,
    comments: TechnologyContractComment[],
  ) {
    let after: AfterCommit | null = null;
    const detail = await this.ds.transaction(async (m) => {
      const c = await this.lockVisible(m, actor, id, action, expected);
      after = await this.lifecycle.apply(m, c, { action, actor, reason, comments });
      return this.detail(actor, id, m);
    });
    if (after) await (after as AfterCommit)();
    return detail;
  }

  /**
   * RETURNED → DRAFT as the firm edits: the returned version opens again, unless it is the registered one (the
   * province sent a registration back and the city returned it): then the edit is a change, a new version.
   */
  private async reopen(m: EntityManager, actor: AuthUser, c: TechnologyContractEntity): Promise<AfterCommit> {
    if (c.registeredVersion === c.currentVersion) {
      const [last] = await m.find(TechnologyContractTransitionEntity, {
        where: { contractId: c.id, action: 'return' },
        order: { at: 'DESC', id: 'DESC' },
        take: 1,
      });
      const next = await this.newVersionFromRegistered(m, actor, c, 'CHANGE', last?.reason ?? '退回后修改');
      return this.lifecycle.apply(m, c, { action: 'reopen', actor, set: { currentVersion: next } });
    }
    await m.update(TechnologyContractVersionEntity, { contractId: c.id, version: c.currentVersion }, { frozen: false });
    return this.lifecycle.apply(m, c, { action: 'reopen', actor });
  }

  private async newVersionFromRegistered(
    m: EntityManager,
    actor: AuthUser,
    c: TechnologyContractEntity,
    kind: 'CHANGE' | 'CANCELLATION',
    reason: string,
  ): Promise<number> {
    const base = await m.findOneByOrFail(TechnologyContractVersionEntity, {
      contractId: c.id,
      version: c.registeredVersion!,
    });
    const [{ max }]: { max: number }[] = await m.query(
      'SELECT max(version)::int AS max FROM technology_contract_version WHERE contract_id = $1',
      [c.id],
    );
    const next = max + 1;
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      frozen: _f,
      contentHash: _h,
      submittedAt: _s,
      submittedBy: _sb,
      registeredAt: _r,
      registeredBy: _rb,
      ...content
    } = base;
    await m.insert(TechnologyContractVersionEntity, {
      ...content,
      version: next,
      kind,
      reason,
      source: 'WEB',
      sourceNote: null,
      createdBy: actor.id,
    });
    return next;
  }

  /** 登记证书编号: year of the signing date, the registering unit, E/I and a number within them (e.g. 2026610100E0001). */
  private async nextRegistrationNo(m: EntityManager, c: TechnologyContractEntity, v: TechnologyContractVersionEntity) {
    const prefix = `${v.signedDate.slice(0, 4)}${c.reviewUnitCode}${c.direction === 'EXPORT' ? 'E' : 'I'}`;
    // One registration at a time per prefix: the count below is the last number issued.
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tc-reg-${prefix}`]);
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM technology_contract WHERE registration_no LIKE $1`,
      [`${prefix}%`],
    );
    return `${prefix}${String(n + 1).padStart(4, '0')}`;
  }

  private async rateOf(m: EntityManager, signedDate: string): Promise<number> {
    const p = await m.findOneBy(PeriodEntity, { code: periodOfDate(signedDate) });
    return p ? Number(p.cnyPerUsd) : 1;
  }

  private storable(input: Record<string, unknown>): TechnologyContract {
    const issues = storableIssues(input);
    if (issues.length) throw new AppError('CONTRACT_CONTENT_INVALID', { count: issues.length }, issues);
    const doc = input as unknown as TechnologyContract;
    return { ...doc, licenceNo: doc.licenceNo ?? null };
  }

  /** Only the firm changes its own contracts (统计"四条红线"). */
  private ownEnterprise(actor: AuthUser): string {
    if (actor.scopeKind !== 'ENTERPRISE' || !actor.scopeCode) throw new AppError('FORBIDDEN');
    return actor.scopeCode;
  }

  private async lockOwnAnyVersion(m: EntityManager, actor: AuthUser, id: string) {
    const enterpriseId = this.ownEnterprise(actor);
    const c = await m
      .getRepository(TechnologyContractEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id AND c.enterpriseId = :enterpriseId', { id, enterpriseId })
      .getOne();
    if (!c) throw notFound('技术进出口合同', 'Technology contract');
    return c;
  }

  private async lockOwn(m: EntityManager, actor: AuthUser, id: string, expected: number) {
    const c = await this.lockOwnAnyVersion(m, actor, id);
    if (c.rowVersion !== expected) throw new AppError('CONFLICT');
    return c;
  }

  /**
   * A reviewer's lock, checked in the order of the return review: the caller must see the contract (404), may take
   * the action at its level and territory (403), at the row version they saw (409); the state comes after.
   */
  private async lockVisible(
    m: EntityManager,
    actor: AuthUser,
    id: string,
    action: ContractWorkflowAction,
    expected: number,
  ) {
    const qb = m
      .getRepository(TechnologyContractEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id });
    const c = await whereInTerritory(qb, actor, CONTRACT_TERRITORY).getOne();
    if (!c) throw notFound('技术进出口合同', 'Technology contract');
    if (!mayTake(actor, c, contractTransitionFor(action))) throw new AppError('FORBIDDEN');
    if (c.rowVersion !== expected) throw new AppError('CONFLICT');
    return c;
  }

  private event(action: string, actor: AuthUser, id: string, details: Record<string, unknown>) {
    return {
      action,
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'technology-contract',
      entityId: id,
      details,
    };
  }
}

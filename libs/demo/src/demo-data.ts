import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import bcrypt from 'bcryptjs';
import {
  emptyReturnContent,
  periodBounds,
  periodCode,
  withUsccCheck,
  type ProfileSection,
  type ReturnContent,
  type Role,
  type ScopeKind,
  type WorkflowAction,
} from '@portal/shared';
import { CodeItemEntity } from '../../../apps/api/src/modules/codes/code-item.entity';
import { RegionTree } from '../../../apps/api/src/modules/codes/region-tree';
import { EnterpriseProfileEntity } from '../../../apps/api/src/modules/enterprises/enterprise-profile.entity';
import { EnterpriseEntity } from '../../../apps/api/src/modules/enterprises/enterprise.entity';
import { periodSchedule } from '../../../apps/api/src/modules/periods/calendar';
import { PeriodsService } from '../../../apps/api/src/modules/periods/periods.service';
import {
  HolidayEntity,
  PeriodEntity,
  PeriodExtensionEntity,
} from '../../../apps/api/src/modules/periods/period.entity';
import {
  ContractEntity,
  ReturnEntity,
  ReturnRevisionEntity,
} from '../../../apps/api/src/modules/returns/return.entity';
import {
  contentHash,
  contractRows,
  profileSection,
  receiptNumber,
} from '../../../apps/api/src/modules/returns/returns.service';
import { ReturnTransitionEntity, ReviewCommentEntity } from '../../../apps/api/src/modules/review/review.entity';
import { UserEntity } from '../../../apps/api/src/modules/users/user.entity';
import { rebuildAllFacts } from '../../../apps/api/src/modules/official-tables/facts';
import {
  ReturnLifecycle,
  SYSTEM_ACTOR,
  type ReturnSubject,
} from '../../../apps/api/src/modules/returns/lifecycle/return-lifecycle';
import { buildGoldenFixture, splitReturns } from './golden/golden-fixture';
import { actorOf, importHistorical } from './seed-paths';

export interface DemoFirm {
  key: string;
  uscc: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  keyEnterprise: boolean;
}

const uscc = (region: string, seq: number) => withUsccCheck(`91${region}MA6U${String(seq).padStart(5, '0')}`);

/** Demo firms of both demo cities (and a third, so lists are not trivially small). */
export const DEMO_FIRMS: DemoFirm[] = [
  {
    key: 'xian-1',
    uscc: uscc('610113', 1),
    nameZh: '西安云图软件科技有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    keyEnterprise: true,
  },
  {
    key: 'xian-2',
    uscc: uscc('610113', 2),
    nameZh: '西安秦岭数据服务有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'FIE',
    industryCode: 'I',
    keyEnterprise: false,
  },
  {
    key: 'xian-3',
    uscc: uscc('610112', 3),
    nameZh: '西安丝路工程设计有限公司',
    regionCode: '610112',
    zoneCode: '6101Z2',
    natureCode: 'DOM-SOE',
    industryCode: 'M',
    keyEnterprise: false,
  },
  {
    key: 'xianyang-1',
    uscc: uscc('610400', 4),
    nameZh: '咸阳智汇信息技术有限公司',
    regionCode: '610400',
    zoneCode: null,
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    keyEnterprise: true,
  },
  {
    key: 'xianyang-2',
    uscc: uscc('610403', 5),
    nameZh: '杨陵农科检测服务有限公司',
    regionCode: '610403',
    zoneCode: null,
    natureCode: 'HMT',
    industryCode: 'M',
    keyEnterprise: false,
  },
  {
    key: 'baoji-1',
    uscc: uscc('610300', 6),
    nameZh: '宝鸡钛谷精密维修服务有限公司',
    regionCode: '610300',
    zoneCode: null,
    natureCode: 'DOM-COL',
    industryCode: 'O',
    keyEnterprise: false,
  },
];

interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  scopeKind: ScopeKind;
  scope: string | null;
}

export const DEMO_ACCOUNTS: DemoUser[] = [
  {
    username: 'admin',
    displayName: '系统管理员',
    roles: ['ADMIN'],
    scopeKind: 'SYSTEM',
    scope: null,
  },
  {
    username: 'province',
    displayName: '陕西省商务厅',
    roles: ['PROVINCIAL_REVIEWER', 'PROVINCIAL_STATISTICIAN'],
    scopeKind: 'PROVINCE',
    scope: '610000',
  },
  {
    username: 'xian',
    displayName: '西安市商务局',
    roles: ['MUNICIPAL_REVIEWER'],
    scopeKind: 'REGION',
    scope: '610100',
  },
  {
    username: 'xianyang',
    displayName: '咸阳市商务局',
    roles: ['MUNICIPAL_REVIEWER'],
    scopeKind: 'REGION',
    scope: '610400',
  },
  {
    username: 'firm-xian-1',
    displayName: '西安云图 填报人',
    roles: ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'],
    scopeKind: 'ENTERPRISE',
    scope: 'xian-1',
  },
  {
    username: 'firm-xianyang-1',
    displayName: '咸阳智汇 填报人',
    roles: ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'],
    scopeKind: 'ENTERPRISE',
    scope: 'xianyang-1',
  },
];

/**
 * Loads the demo accounts and firms (skipped when the admin account exists), then the filing calendar and demo
 * returns (skipped when periods exist). Returns false when nothing was loaded.
 */
export async function loadDemoData(ds: DataSource, password: string): Promise<boolean> {
  if (await ds.getRepository(UserEntity).existsBy({ username: 'admin' })) {
    // Databases loaded before periods (or the review workflow) existed get them once.
    const filing = await loadDemoFiling(ds);
    return (await loadDemoReview(ds)) || filing;
  }
  const regions = new RegionTree(await ds.getRepository(CodeItemEntity).findBy({ list: 'regions' }));
  await ds.transaction(async (m) => {
    const firmIds = new Map<string, string>();
    for (const f of DEMO_FIRMS) {
      const reviewUnitCode = regions.reviewUnitOf(f.regionCode, f.zoneCode)!;
      const e = await m.save(
        m.create(EnterpriseEntity, {
          uscc: f.uscc,
          nameZh: f.nameZh,
          regionCode: f.regionCode,
          zoneCode: f.zoneCode,
          reviewUnitCode,
          provinceCode: regions.provinceOf(reviewUnitCode)!,
          status: 'ACTIVE',
          confirmedAt: new Date(),
        }),
      );
      firmIds.set(f.key, e.id);
      await m.insert(EnterpriseProfileEntity, {
        enterpriseId: e.id,
        validFrom: '2015-01-01',
        nameZh: f.nameZh,
        regionCode: f.regionCode,
        zoneCode: f.zoneCode,
        natureCode: f.natureCode,
        industryCode: f.industryCode,
        keyEnterprise: f.keyEnterprise,
        advancedTech: false,
      });
    }
    const passwordHash = await bcrypt.hash(password, 10);
    for (const u of DEMO_ACCOUNTS) {
      await m.insert(UserEntity, {
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        roles: u.roles,
        scopeKind: u.scopeKind,
        scopeCode: u.scopeKind === 'ENTERPRISE' ? firmIds.get(u.scope!)! : u.scope,
      });
    }
  });
  await loadDemoFiling(ds);
  await loadDemoReview(ds);
  // The demo's approved returns were written directly: give them their official-table facts.
  await ds.transaction((m) => rebuildAllFacts(m));
  return true;
}

/** CNY per USD of the years before the demo calendar (annual averages, rounded). */
const GOLDEN_RATES: Record<number, number> = { 2016: 6.64, 2017: 6.75, 2018: 6.62, 2019: 6.9 };

const GOLDEN_SOURCE = 'demo: published Shaanxi 2021 tables (golden fixture)';

/**
 * The published Shaanxi 2021 tables as approved demo data (demo mode only, not the tests: a few seconds), through
 * the paths real data takes: the fixture's periods before the demo calendar created as an administrator creates
 * them, then its firms and their returns 2016–2021 as two historical bundles of the administrator (an execution
 * must find its contract registered by an earlier bundle), approved by the import with their facts, transitions
 * and audit entries. `province` sees the published tables reproduced and can export them. Skipped when the golden
 * firms exist.
 */
export async function loadGoldenDemo(app: INestApplicationContext): Promise<boolean> {
  const fx = buildGoldenFixture();
  const ds = app.get(DataSource);
  if (await ds.getRepository(EnterpriseEntity).existsBy({ uscc: fx.firms[0].uscc })) return false;
  const admin = await actorOf(app, 'admin');
  const periods = app.get(PeriodsService);
  for (const code of fx.periods) {
    if (await ds.getRepository(PeriodEntity).existsBy({ code })) continue;
    await periods.create({ code, cnyPerUsd: GOLDEN_RATES[Number(code.slice(0, 4))] ?? 6.5 }, admin);
  }
  const early = splitReturns(fx.data, (_, period) => period < '2020Q1');
  const first = { ...early.taken, enterprises: fx.data.enterprises };
  await importHistorical(app, admin, 'golden-2016-2019.zip', first, GOLDEN_SOURCE);
  await importHistorical(app, admin, 'golden-2020-2021.zip', early.rest, GOLDEN_SOURCE);
  return true;
}

const DEMO_HOLIDAYS = [
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
];

/** CNY per USD by year, close to the published annual averages. */
const DEMO_RATES: Record<number, string> = { 2020: '6.9000', 2021: '6.4500', 2022: '6.7000' };

/** Applies a demo return's past steps through the lifecycle, in order; answers the return as it ends up. */
async function replaySteps(
  m: EntityManager,
  r: ReturnSubject,
  steps: {
    action: WorkflowAction;
    by: { id: string | null; username: string };
    at: Date;
    reason?: string;
    late?: boolean;
  }[],
  onStep?: (action: WorkflowAction, transitionId: string, by: { id: string | null; username: string }) => Promise<void>,
): Promise<ReturnSubject> {
  const lifecycle = new ReturnLifecycle();
  let subject = r;
  for (const step of steps) {
    const done = await lifecycle.replay(m, subject, step.action, step.by, step);
    subject = done.subject;
    await onStep?.(step.action, done.applied.transitionId, step.by);
  }
  return subject;
}

/**
 * Periods 2020Q1–2026Q4 and two returns of 西安云图: 2026Q2 submitted (services trade, an offshore contract with
 * its execution, workforce) and 2026Q3 in draft. The demo's 2026Q3 stays fileable until the end of 2026.
 * Skipped when periods exist.
 */
async function loadDemoFiling(ds: DataSource): Promise<boolean> {
  if (await ds.getRepository(PeriodEntity).exists()) return false;
  const holidays = new Set(DEMO_HOLIDAYS);
  await ds.transaction(async (m) => {
    await m.insert(
      HolidayEntity,
      DEMO_HOLIDAYS.map((date) => ({ date, nameZh: '国庆节' })),
    );
    const periods = [];
    for (let year = 2020; year <= 2026; year++) {
      for (let q = 1; q <= 4; q++) {
        const code = periodCode(year, q);
        periods.push({
          ...periodSchedule(code, holidays, code === '2026Q3' ? { lockDate: '2026-12-31' } : {}),
          cnyPerUsd: DEMO_RATES[year] ?? '7.0000',
        });
      }
    }
    await m.insert(PeriodEntity, periods);
    const firm = await m.findOneByOrFail(EnterpriseEntity, { uscc: DEMO_FIRMS[0].uscc });
    const profile = await m.findOneByOrFail(EnterpriseProfileEntity, { enterpriseId: firm.id });
    const q2: ReturnContent = {
      profile: profileSection(profile, true),
      zeroReturn: false,
      servicesTrade: [
        { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 1250000, currency: 'USD' },
        { categoryCode: 'SJ', partnerCode: 'HK', direction: 'EXPORT', amount: 320000.5, currency: 'USD' },
        { categoryCode: 'SH', partnerCode: 'JP', direction: 'IMPORT', amount: 560000, currency: 'CNY' },
      ],
      contracts: [
        {
          contractNo: 'YT-2026-001',
          signedDate: '2026-05-18',
          clientName: 'Contoso Ltd.',
          clientPartnerCode: 'US',
          clientIndustryCode: 'I',
          businessCode: 'ITO-RD-01',
          offshore: true,
          amount: 800000,
          currency: 'USD',
        },
      ],
      executions: [{ contractNo: 'YT-2026-001', amount: 200000, currency: 'USD' }],
      workforce: {
        juniorCollege: 12,
        bachelor: 85,
        master: 23,
        doctor: 2,
        other: 3,
        newHires: 9,
        newHiresGraduates: 6,
      },
    };
    const submittedAt = new Date('2026-07-10T02:30:00Z');
    const filer = await m.findOneBy(UserEntity, { username: 'firm-xian-1' });
    const submitted = await m.save(
      m.create(ReturnEntity, {
        enterpriseId: firm.id,
        periodCode: '2026Q2',
        reviewUnitCode: firm.reviewUnitCode,
        provinceCode: firm.provinceCode,
        status: 'DRAFT',
        currentRevision: 1,
      }),
    );
    await m.insert(ReturnRevisionEntity, {
      returnId: submitted.id,
      revision: 1,
      content: q2,
      cnyPerUsd: '7.0000',
      frozen: true,
      contentHash: contentHash(q2),
      receiptNo: receiptNumber('2026Q2', firm.uscc, 1),
      submittedAt,
    });
    // Submitted on time and through its checks, as the lifecycle records it (telling no one of the past).
    await replaySteps(m, submitted, [
      { action: 'submit', by: filer ?? SYSTEM_ACTOR, at: submittedAt },
      { action: 'validation-passed', by: SYSTEM_ACTOR, at: submittedAt },
    ]);
    await m.insert(ContractEntity, contractRows(submitted, q2, 7));
    const draft = await m.save(
      m.create(ReturnEntity, {
        enterpriseId: firm.id,
        periodCode: '2026Q3',
        reviewUnitCode: firm.reviewUnitCode,
        provinceCode: firm.provinceCode,
        status: 'DRAFT',
        currentRevision: 1,
      }),
    );
    await m.insert(ReturnRevisionEntity, {
      returnId: draft.id,
      revision: 1,
      content: {
        ...emptyReturnContent(),
        profile: profileSection(profile, false),
        executions: [{ contractNo: 'YT-2026-001', amount: 150000, currency: 'USD' }],
      },
      cnyPerUsd: '7.0000',
    });
  });
  return true;
}

/** A quarter's realistic figures for a demo firm: trade lines, one offshore contract signed in it and executed. */
function demoContent(profile: ProfileSection, period: string, key: string, scale: number): ReturnContent {
  const contractNo = `${key.toUpperCase()}-${period}-01`;
  return {
    profile,
    zeroReturn: false,
    servicesTrade: [
      { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 420000 * scale, currency: 'USD' },
      { categoryCode: 'SJ', partnerCode: 'HK', direction: 'EXPORT', amount: 86000 * scale, currency: 'USD' },
      { categoryCode: 'SH', partnerCode: 'JP', direction: 'IMPORT', amount: 150000 * scale, currency: 'CNY' },
    ],
    contracts: [
      {
        contractNo,
        signedDate: `${periodBounds(period).start.slice(0, 8)}18`,
        clientName: 'Fabrikam Japan K.K.',
        clientPartnerCode: 'JP',
        clientIndustryCode: 'I',
        businessCode: 'ITO-RD-01',
        offshore: true,
        amount: 300000 * scale,
        currency: 'USD',
      },
    ],
    executions: [{ contractNo, amount: 90000 * scale, currency: 'USD' }],
    workforce: {
      juniorCollege: 8 * scale,
      bachelor: 46 * scale,
      master: 12 * scale,
      doctor: scale,
      other: 2,
      newHires: 5,
      newHiresGraduates: 3,
    },
  };
}

interface DemoStep {
  action: WorkflowAction;
  by: string;
  reason?: string;
}

interface DemoReturn {
  firm: string;
  period: string;
  scale: number;
  /** Review steps after the first submission, in order; the last one's state is the return's. */
  steps: DemoStep[];
  late?: boolean;
}

const up = (by: string, action: WorkflowAction, reason?: string): DemoStep => ({ action, by, reason });

/**
 * Returns in every review state for both demo cities, so each demo login opens onto real work: 西安 reviews a
 * submitted and a sent-back return, the province a municipally approved one, 咸阳 a submitted one; 咸阳智汇 has a
 * return sent back with a comment on a cell, 西安云图 an approved quarter and a correction in progress (both
 * firms hold an extension for those closed quarters). Skipped when any transition exists.
 */
const DEMO_REVIEW: DemoReturn[] = [
  {
    firm: 'xian-1',
    period: '2026Q1',
    scale: 2,
    steps: [up('xian', 'municipal-approve'), up('province', 'provincial-approve')],
  },
  {
    firm: 'xian-1',
    period: '2025Q3',
    scale: 1,
    steps: [
      up('xian', 'municipal-approve'),
      up('province', 'provincial-approve'),
      up('firm-xian-1', 'correction-request', '财务审计后发现 8 月一笔对美软件出口收入漏记，申请更正'),
    ],
  },
  {
    firm: 'xian-2',
    period: '2026Q2',
    scale: 3,
    steps: [up('xian', 'municipal-approve')],
  },
  {
    firm: 'xian-3',
    period: '2026Q2',
    scale: 1,
    late: true,
    steps: [
      up('xian', 'municipal-approve'),
      up('province', 'send-back', '工程设计服务出口较上年同期增长超过 300%，请市局核实'),
    ],
  },
  {
    firm: 'xianyang-1',
    period: '2025Q2',
    scale: 1,
    steps: [up('xianyang', 'municipal-approve'), up('province', 'provincial-approve')],
  },
  {
    firm: 'xianyang-1',
    period: '2025Q3',
    scale: 2,
    steps: [up('xianyang', 'municipal-return', '对中国香港的电信、计算机和信息服务出口金额与合同执行情况不符，请核实')],
  },
  // 2026Q3: the Q2 obligation lists stay as the filing tests know them.
  { firm: 'xianyang-2', period: '2026Q3', scale: 1, steps: [] },
];

async function loadDemoReview(ds: DataSource): Promise<boolean> {
  if (!(await ds.getRepository(PeriodEntity).exists())) return false;
  // The demo's review history has city approvals; the filing demo's submission alone does not count.
  if (await ds.getRepository(ReturnTransitionEntity).existsBy({ action: 'municipal-approve' })) return false;
  await ds.transaction(async (m) => {
    const users = new Map((await m.find(UserEntity)).map((u) => [u.username, u]));
    const firms = new Map<string, EnterpriseEntity>();
    for (const f of DEMO_FIRMS) firms.set(f.key, await m.findOneByOrFail(EnterpriseEntity, { uscc: f.uscc }));
    const extensionUntil = new Date(Date.now() + 365 * 86_400_000);
    for (const d of DEMO_REVIEW) {
      const firm = firms.get(d.firm)!;
      if (await m.existsBy(ReturnEntity, { enterpriseId: firm.id, periodCode: d.period })) continue;
      const period = await m.findOneByOrFail(PeriodEntity, { code: d.period });
      const profile = await m.findOneByOrFail(EnterpriseProfileEntity, { enterpriseId: firm.id });
      const content = demoContent(profileSection(profile, true), d.period, d.firm, d.scale);
      // Filed a few days before the due date (or after it when late); each review step two days later.
      const submittedAt = new Date(Date.parse(`${period.dueDate}T02:30:00Z`) + (d.late ? 3 : -4) * 86_400_000);
      const at = (i: number) => new Date(submittedAt.getTime() + (i + 1) * 2 * 86_400_000);
      const r = await m.save(
        m.create(ReturnEntity, {
          enterpriseId: firm.id,
          periodCode: d.period,
          reviewUnitCode: firm.reviewUnitCode,
          provinceCode: firm.provinceCode,
          status: 'DRAFT',
          currentRevision: 1,
        }),
      );
      const user = users.get(DEMO_ACCOUNTS.find((a) => a.scope === d.firm)?.username ?? '');
      await m.insert(ReturnRevisionEntity, {
        returnId: r.id,
        revision: 1,
        content,
        cnyPerUsd: period.cnyPerUsd,
        frozen: true,
        contentHash: contentHash(content),
        receiptNo: receiptNumber(d.period, firm.uscc, 1),
        submittedAt,
        submittedBy: user?.id ?? null,
      });
      await m.insert(ContractEntity, contractRows(r, content, Number(period.cnyPerUsd)));
      // The submission, its checks and the review steps through the lifecycle, at their demo times.
      const actorOf = (username: string) => {
        const u = users.get(username)!;
        return { id: u.id, username: u.username };
      };
      const done = await replaySteps(
        m,
        r,
        [
          { action: 'submit', by: user ? actorOf(user.username) : SYSTEM_ACTOR, at: submittedAt, late: d.late },
          { action: 'validation-passed', by: SYSTEM_ACTOR, at: submittedAt },
          ...d.steps.map((step, i) => ({ action: step.action, by: actorOf(step.by), at: at(i), reason: step.reason })),
        ],
        async (action, transitionId, by) => {
          if (action !== 'municipal-return' && action !== 'provincial-return') return;
          await m.insert(ReviewCommentEntity, {
            returnId: r.id,
            revision: 1,
            transitionId,
            path: 'servicesTrade[1].amount',
            text: '该笔出口与合同执行额不一致，建议按执行额填报',
            proposedValue: content.executions[0].amount,
            hasProposal: true,
            authorId: by.id!,
            authorUsername: by.username,
            authorRole: 'MUNICIPAL_REVIEWER',
          });
        },
      );
      const status = done.status;
      const correcting = status === 'CORRECTION_REQUESTED';
      if (status === 'RETURNED' || correcting) {
        await m.insert(PeriodExtensionEntity, {
          enterpriseId: firm.id,
          periodCode: d.period,
          until: extensionUntil,
          reason: '演示：已截止报告期的更正与退回修改',
          grantedBy: users.get('province')!.id,
        });
      }
    }
  });
  return true;
}

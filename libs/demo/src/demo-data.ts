import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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
import type { AuthUser } from '../../../apps/api/src/core/auth/auth-user';
import { EnterpriseEntity } from '../../../apps/api/src/modules/enterprises/enterprise.entity';
import { EnterprisesService } from '../../../apps/api/src/modules/enterprises/enterprises.service';
import { periodSchedule } from '../../../apps/api/src/modules/periods/calendar';
import { PeriodsService } from '../../../apps/api/src/modules/periods/periods.service';
import {
  HolidayEntity,
  PeriodEntity,
  PeriodExtensionEntity,
} from '../../../apps/api/src/modules/periods/period.entity';
import { ReturnEntity } from '../../../apps/api/src/modules/returns/return.entity';
import { profileSection, ReturnsService } from '../../../apps/api/src/modules/returns/returns.service';
import { ReturnTransitionEntity, ReviewCommentEntity } from '../../../apps/api/src/modules/review/review.entity';
import { UserEntity } from '../../../apps/api/src/modules/users/user.entity';
import { UsersService } from '../../../apps/api/src/modules/users/users.service';
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
 * Loads the demo accounts and firms (skipped when the last demo account exists), then the filing calendar and demo
 * returns (skipped when periods exist), through the API's services as people would: the accounts created by the
 * system (the administrator) and by the administrator (the others), hashed and audited by the users service; the
 * firms registered and confirmed by the administrator, with their profile versions and audit entries. Returns
 * false when nothing was loaded.
 */
export async function loadDemoData(app: INestApplicationContext, password: string): Promise<boolean> {
  const ds = app.get(DataSource);
  if (await ds.getRepository(UserEntity).existsBy({ username: DEMO_ACCOUNTS[DEMO_ACCOUNTS.length - 1].username })) {
    // Databases loaded before periods (or the review workflow) existed get them once.
    const filing = await loadDemoFiling(app);
    return (await loadDemoReview(app)) || filing;
  }
  const users = app.get(UsersService);
  const enterprises = app.get(EnterprisesService);
  const exists = (username: string) => ds.getRepository(UserEntity).existsBy({ username });
  const account = (u: DemoUser, scopeCode: string | null, actor: { id: string | null; username: string }) =>
    users.create(
      { username: u.username, displayName: u.displayName, password, roles: u.roles, scopeKind: u.scopeKind, scopeCode },
      { skipPolicy: true, actor },
    );
  // The administrator first, by the system; a run that stopped half-way goes on where it stopped.
  const first = DEMO_ACCOUNTS[0];
  if (!(await exists(first.username))) await account(first, first.scope, SYSTEM_ACTOR);
  const admin = await actorOf(app, first.username);
  for (const u of DEMO_ACCOUNTS.filter((a) => a.scopeKind !== 'ENTERPRISE' && a !== first)) {
    if (!(await exists(u.username))) await account(u, u.scope, admin);
  }
  const firmIds = new Map<string, string>();
  for (const f of DEMO_FIRMS) {
    let firm = await ds.getRepository(EnterpriseEntity).findOneBy({ uscc: f.uscc });
    if (!firm) {
      firm = await enterprises.register(
        {
          uscc: f.uscc,
          nameZh: f.nameZh,
          regionCode: f.regionCode,
          zoneCode: f.zoneCode,
          natureCode: f.natureCode,
          industryCode: f.industryCode,
          keyEnterprise: f.keyEnterprise,
          advancedTech: false,
          validFrom: '2015-01-01',
        },
        admin,
      );
    }
    if (firm.status === 'PENDING') await enterprises.decide(firm.id, admin, { confirm: true });
    firmIds.set(f.key, firm.id);
  }
  for (const u of DEMO_ACCOUNTS.filter((a) => a.scopeKind === 'ENTERPRISE')) {
    if (!(await exists(u.username))) await account(u, firmIds.get(u.scope!)!, admin);
  }
  await loadDemoFiling(app);
  await loadDemoReview(app);
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
async function loadDemoFiling(app: INestApplicationContext): Promise<boolean> {
  const ds = app.get(DataSource);
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
  });
  const returns = app.get(ReturnsService);
  const firm = await ds.getRepository(EnterpriseEntity).findOneByOrFail({ uscc: DEMO_FIRMS[0].uscc });
  const filer = await actorOf(app, 'firm-xian-1');
  /** The firm's profile valid at the end of the quarter, as its return's profile section shows it. */
  const profile = async (period: string, confirmed: boolean) =>
    profileSection((await app.get(EnterprisesService).profileValidOn(firm.id, periodBounds(period).end))!, confirmed);
  const q2: ReturnContent = {
    profile: await profile('2026Q2', true),
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
  // Filed and submitted on time by the firm's filer, then through its checks, as the lifecycle records it (telling
  // no one of the past).
  const submittedAt = new Date('2026-07-10T02:30:00Z');
  const submitted = await returns.fileAsOf(filer, firm.id, '2026Q2', q2, { at: submittedAt, late: false });
  await ds.transaction((m) =>
    replaySteps(m, submitted, [{ action: 'validation-passed', by: SYSTEM_ACTOR, at: submittedAt }]),
  );
  // The next quarter in draft: the contract's execution so far.
  await returns.fileAsOf(filer, firm.id, '2026Q3', {
    ...emptyReturnContent(),
    profile: await profile('2026Q3', false),
    executions: [{ contractNo: 'YT-2026-001', amount: 150000, currency: 'USD' }],
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

async function loadDemoReview(app: INestApplicationContext): Promise<boolean> {
  const ds = app.get(DataSource);
  if (!(await ds.getRepository(PeriodEntity).exists())) return false;
  // The demo's review history has city approvals; the filing demo's submission alone does not count.
  if (await ds.getRepository(ReturnTransitionEntity).existsBy({ action: 'municipal-approve' })) return false;
  const returns = app.get(ReturnsService);
  const enterprises = app.get(EnterprisesService);
  const actors = new Map<string, AuthUser>();
  for (const u of DEMO_ACCOUNTS) actors.set(u.username, await actorOf(app, u.username));
  const extensionUntil = new Date(Date.now() + 365 * 86_400_000);
  for (const d of DEMO_REVIEW) {
    const firm = await ds
      .getRepository(EnterpriseEntity)
      .findOneByOrFail({ uscc: DEMO_FIRMS.find((f) => f.key === d.firm)!.uscc });
    if (await ds.getRepository(ReturnEntity).existsBy({ enterpriseId: firm.id, periodCode: d.period })) continue;
    const period = await ds.getRepository(PeriodEntity).findOneByOrFail({ code: d.period });
    const profile = (await enterprises.profileValidOn(firm.id, periodBounds(d.period).end))!;
    const content = demoContent(profileSection(profile, true), d.period, d.firm, d.scale);
    // Filed a few days before the due date (or after it when late); each review step two days later.
    const submittedAt = new Date(Date.parse(`${period.dueDate}T02:30:00Z`) + (d.late ? 3 : -4) * 86_400_000);
    const at = (i: number) => new Date(submittedAt.getTime() + (i + 1) * 2 * 86_400_000);
    // The firm's filer (the system for firms without an account) files and submits it through the returns service.
    const filer = actors.get(DEMO_ACCOUNTS.find((a) => a.scope === d.firm)?.username ?? '') ?? SYSTEM_ACTOR;
    const r = await returns.fileAsOf(filer, firm.id, d.period, content, { at: submittedAt, late: !!d.late });
    await ds.transaction(async (m) => {
      // Its checks and the review steps through the lifecycle, at their demo times.
      const done = await replaySteps(
        m,
        r,
        [
          { action: 'validation-passed', by: SYSTEM_ACTOR, at: submittedAt },
          ...d.steps.map((step, i) => ({
            action: step.action,
            by: actors.get(step.by)!,
            at: at(i),
            reason: step.reason,
          })),
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
      if (done.status === 'RETURNED' || done.status === 'CORRECTION_REQUESTED') {
        await m.insert(PeriodExtensionEntity, {
          enterpriseId: firm.id,
          periodCode: d.period,
          until: extensionUntil,
          reason: '演示：已截止报告期的更正与退回修改',
          grantedBy: actors.get('province')!.id,
        });
      }
    });
  }
  return true;
}

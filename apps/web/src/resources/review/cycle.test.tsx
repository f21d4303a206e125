import type { CodeItem, ReturnContent, TransitionView } from '@portal/shared';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext, HttpError, testDataProvider } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isForbidden, NoAccess } from '../../common/NoAccess';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { lastBounce } from './bounce';
import { BounceBanner } from './BounceBanner';
import { formatReviewValue, priorFigures } from './priorPeriods';
import { ReviewActionDialog } from './ReviewActionDialog';

afterEach(cleanup);

const transition = (t: Partial<TransitionView> & Pick<TransitionView, 'action' | 'at'>): TransitionView => ({
  id: t.at,
  returnId: 'r1',
  revision: 1,
  fromStatus: 'SUBMITTED',
  toStatus: 'RETURNED',
  actorId: null,
  actorUsername: null,
  reason: null,
  ...t,
});

const RETURNED = transition({
  action: 'municipal-return',
  at: '2026-10-20T02:30:00.000Z',
  actorUsername: 'xian',
  reason: '服务出口金额需核实',
});

describe('why a return is back with the firm', () => {
  const submitted = transition({ action: 'submit', at: '2026-10-10T01:00:00.000Z' });
  const passed = transition({ action: 'validation-passed', at: '2026-10-10T01:00:05.000Z' });

  it('is the reviewer’s return while the return is RETURNED, and still after the firm reopens it to fix', () => {
    expect(lastBounce([submitted, passed, RETURNED], 'RETURNED')).toBe(RETURNED);
    const reopened = transition({ action: 'reopen', at: '2026-10-21T01:00:00.000Z', fromStatus: 'RETURNED' });
    // Listed in any order: the latest decides.
    expect(lastBounce([reopened, RETURNED, submitted, passed], 'DRAFT')).toBe(RETURNED);
  });

  it('is the checks’ bounce of a submission back to draft', () => {
    const failed = transition({ action: 'validation-failed', at: '2026-10-10T01:00:05.000Z' });
    expect(lastBounce([submitted, failed], 'DRAFT')?.action).toBe('validation-failed');
  });

  it('is gone once the firm submits again, and never shown for a draft never bounced', () => {
    const again = transition({ action: 'submit', at: '2026-10-22T01:00:00.000Z' });
    expect(lastBounce([submitted, passed, RETURNED, again], 'VALIDATING')).toBeNull();
    expect(lastBounce([submitted, passed, RETURNED, again], 'DRAFT')).toBeNull();
    expect(lastBounce([], 'DRAFT')).toBeNull();
  });
});

const content = (c: Partial<ReturnContent>): ReturnContent => ({
  profile: null,
  zeroReturn: false,
  servicesTrade: [],
  contracts: [],
  executions: [],
  workforce: null,
  ...c,
});

describe('earlier figures beside the return under review', () => {
  const now = content({
    servicesTrade: [
      { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 120000, currency: 'USD' },
      { categoryCode: 'SJ', partnerCode: 'HK', direction: 'IMPORT', amount: 5000, currency: 'CNY' },
    ],
    contracts: [
      {
        contractNo: 'C-1',
        signedDate: '2026-08-01',
        clientName: 'A',
        clientPartnerCode: 'US',
        clientIndustryCode: 'I',
        businessCode: 'ITO-RD-01',
        offshore: true,
        amount: 500000,
        currency: 'USD',
      },
    ],
    executions: [{ contractNo: 'C-1', amount: 90000, currency: 'USD' }],
    workforce: {
      juniorCollege: 10,
      bachelor: 40,
      master: 8,
      doctor: 1,
      other: 2,
      newHires: null,
      newHiresGraduates: null,
    },
  });
  const before = content({
    servicesTrade: [
      { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 60000, currency: 'USD' },
      { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 40000, currency: 'USD' },
      // Another direction, another currency: not the same figure.
      { categoryCode: 'SI', partnerCode: 'US', direction: 'IMPORT', amount: 7, currency: 'USD' },
      { categoryCode: 'SJ', partnerCode: 'HK', direction: 'IMPORT', amount: 800, currency: 'USD' },
    ],
    executions: [
      { contractNo: 'C-1', amount: 30000, currency: 'USD' },
      { contractNo: ' C-1 ', amount: 20000, currency: 'USD' },
    ],
    workforce: {
      juniorCollege: 9,
      bachelor: 35,
      master: 8,
      doctor: 0,
      other: 2,
      newHires: 3,
      newHiresGraduates: null,
    },
  });

  it('matches a trade line by category, partner, direction and currency, adding up split lines', () => {
    const figures = priorFigures(now, before);
    expect(figures.get('servicesTrade[0].amount')).toBe(100000);
    expect(figures.has('servicesTrade[1].amount')).toBe(false);
  });

  it('matches contracts and executions by contract number, and headcounts field by field', () => {
    const figures = priorFigures(now, before);
    expect(figures.has('contracts[0].amount')).toBe(false);
    expect(figures.get('executions[0].amount')).toBe(50000);
    expect(figures.get('workforce.bachelor')).toBe(35);
    expect(figures.get('workforce.newHires')).toBe(3);
    expect(figures.has('workforce.newHiresGraduates')).toBe(false);
  });

  it('shows codes with their names in the language on screen', () => {
    const item = (code: string, nameZh: string, nameEn: string | null) =>
      ({ code, nameZh, nameEn }) as unknown as CodeItem;
    const names = {
      'service-categories': [
        item('SI', '电信、计算机和信息服务', 'Telecommunications, computer and information services'),
      ],
      'partner-economies': [item('US', '美国', 'United States')],
    };
    expect(formatReviewValue('SI', 'zh', 'categoryCode', names)).toBe('SI 电信、计算机和信息服务');
    expect(formatReviewValue('US', 'en', 'clientPartnerCode', names)).toBe('US United States');
    // A code the list does not know stays as typed; other fields keep their formatting.
    expect(formatReviewValue('XX', 'zh', 'partnerCode', names)).toBe('XX');
    expect(formatReviewValue(125000, 'zh', 'amount', names)).toBe('125,000');
    expect(formatReviewValue('EXPORT', 'zh', 'direction', names)).toBe('出口');
  });
});

function renderIn(locale: string, node: React.ReactNode, dataProvider = testDataProvider()) {
  const i18nProvider = polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale);
  return render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider}>
      {node}
    </AdminContext>,
  );
}

describe('the bounce banner on the firm’s return', () => {
  const provider = (rows: TransitionView[]) => ({
    ...testDataProvider(),
    getTransitions: () => Promise.resolve({ data: rows }),
  });

  it('names who returned it, when in Beijing time, and why', async () => {
    renderIn('zh-CN', <BounceBanner returnId="r1" status="RETURNED" />, provider([RETURNED]));
    expect(await screen.findByText('报表已被退回')).toBeTruthy();
    // 02:30 UTC is 10:30 in Beijing.
    expect(screen.getByText(/xian 于 2026-10-20 10:30（北京时间）退回。退回原因：服务出口金额需核实/)).toBeTruthy();
  });

  it('explains a bounce by the checks, in English too', async () => {
    const failed = transition({ action: 'validation-failed', at: '2026-10-10T17:00:00.000Z', toStatus: 'DRAFT' });
    renderIn('en', <BounceBanner returnId="r1" status="DRAFT" />, provider([failed]));
    expect(await screen.findByText('This return was sent back to draft by the checks')).toBeTruthy();
    expect(screen.getByText(/On 2026-10-11 01:00 \(Beijing time\) the checks found rules/)).toBeTruthy();
  });
});

describe('the provincial approval', () => {
  it('says it is final and the figures become official; the city’s does not', () => {
    const confirm = vi.fn(() => Promise.resolve());
    renderIn('zh-CN', <ReviewActionDialog action="approve" pending={0} final onClose={() => {}} onConfirm={confirm} />);
    expect(screen.getByRole('heading', { name: '终审通过' })).toBeTruthy();
    expect(screen.getByText(/省级审核是最终一级审核：确认后报表锁定，数据计入正式统计报表/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '确认' }));
    expect(confirm).toHaveBeenCalledWith('');
    cleanup();
    renderIn('zh-CN', <ReviewActionDialog action="approve" pending={0} onClose={() => {}} onConfirm={confirm} />);
    expect(screen.getByText('报表将进入下一级审核（省级审核通过后锁定）。')).toBeTruthy();
  });
});

describe('无权访问', () => {
  it('is a 403 from the API, not another error', () => {
    expect(isForbidden(new HttpError('forbidden', 403))).toBe(true);
    expect(isForbidden(new HttpError('not found', 404))).toBe(false);
    expect(isForbidden(new Error('network'))).toBe(false);
  });

  it('tells the user in Chinese and in English', () => {
    renderIn('zh-CN', <NoAccess />);
    expect(screen.getByRole('heading', { name: '无权访问' })).toBeTruthy();
    cleanup();
    renderIn('en', <NoAccess />);
    expect(screen.getByRole('heading', { name: 'No access' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to home' })).toBeTruthy();
  });
});

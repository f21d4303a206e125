import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext, testDataProvider, type DataProvider } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import type { ImportJobDetail } from '@portal/shared';
import { ImportProgress } from './ImportProgress';

afterEach(cleanup);

const PREVIEWED: ImportJobDetail = {
  id: 'imp-1',
  kind: 'FIRM',
  format: 'BUNDLE',
  status: 'PREVIEWED',
  createdByUsername: 'firm-xianyang-1',
  enterpriseId: '5d8f3f52-5c7e-4a51-9a47-0d1b8c3e2f10',
  fileName: 'bundle.zip',
  fileSize: 2048,
  sha256: 'ab'.repeat(32),
  sourceNote: null,
  dryRun: true,
  confirmedAt: null,
  expiresAt: null,
  progress: 100,
  counts: { returns: 2, returnsCreated: 1, returnsUpdated: 0, returnsUnchanged: 1, returnsRefused: 0 },
  errorCount: 0,
  errors: [],
  preview: [
    {
      uscc: '91610400MA6U00004Y',
      enterpriseName: '咸阳智汇',
      period: '2026Q3',
      action: 'CREATE',
      rows: 5,
      errors: 0,
    },
    {
      uscc: '91610400MA6U00004Y',
      enterpriseName: '咸阳智汇',
      period: '2026Q2',
      action: 'UNCHANGED',
      rows: 2,
      errors: 0,
    },
  ],
  retryable: false,
  createdAt: '2026-12-07T08:00:00Z',
  startedAt: '2026-12-07T08:00:01Z',
  finishedAt: '2026-12-07T08:00:02Z',
};

function renderProgress(job: ImportJobDetail, locale = 'zh-CN') {
  let current = job;
  const settleDryRun = vi.fn(({ action }: { id: string; action: 'confirm' | 'discard' }) => {
    current =
      action === 'confirm'
        ? { ...job, status: 'QUEUED', confirmedAt: '2026-12-07T08:01:00Z' }
        : { ...job, status: 'DISCARDED' };
    return Promise.resolve({ data: current });
  });
  const dataProvider = {
    ...testDataProvider(),
    getOne: (() => Promise.resolve({ data: current })) as DataProvider['getOne'],
    settleDryRun: (_r: string, p: { id: string; action: 'confirm' | 'discard' }) => settleDryRun(p),
  };
  const i18nProvider = polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale);
  render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider}>
      <ImportProgress id={job.id} />
    </AdminContext>,
  );
  return settleDryRun;
}

describe('ImportProgress: a dry run', () => {
  it('shows the preview per firm and period and confirms the same upload (预检 → 确认导入)', async () => {
    const settle = renderProgress(PREVIEWED);
    const table = await screen.findByRole('table', { name: '按企业和报告期预览' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['91610400MA6U00004Y', '咸阳智汇', '2026Q3', '新建报表', '5', '0', ''],
      ['91610400MA6U00004Y', '咸阳智汇', '2026Q2', '不变', '2', '0', ''],
    ]);
    expect(screen.getByText('新建: 1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '确认导入' }));
    await waitFor(() => expect(settle).toHaveBeenCalledWith({ id: 'imp-1', action: 'confirm' }));
  });

  it('shows a period the upload skips (approved, locked) with its reason, in Chinese and in English', async () => {
    const job: ImportJobDetail = {
      ...PREVIEWED,
      counts: { returns: 1, returnsUpdated: 1, returnsSkipped: 1 },
      preview: [
        { ...PREVIEWED.preview![0], action: 'UPDATE' },
        {
          ...PREVIEWED.preview![1],
          period: '2026Q1',
          action: 'SKIPPED',
          reason_zh: '2026Q1 报表状态为“审核通过”，不能导入修改，已跳过',
          reason_en: 'The 2026Q1 return is Approved and cannot be changed by an import; skipped',
        },
      ],
    };
    renderProgress(job);
    const table = await screen.findByRole('table', { name: '按企业和报告期预览' });
    const skipped = within(table).getByText('2026Q1').closest('tr')!;
    expect(within(skipped).getByText('跳过')).toBeTruthy();
    expect(within(skipped).getByText('2026Q1 报表状态为“审核通过”，不能导入修改，已跳过')).toBeTruthy();
    expect(screen.getByText('跳过（已审核或已锁定）: 1')).toBeTruthy();
    expect(screen.getByRole('button', { name: '确认导入' })).toBeTruthy();
    cleanup();
    renderProgress(job, 'en');
    const en = await screen.findByRole('table', { name: 'Preview by firm and period' });
    const row = within(en).getByText('2026Q1').closest('tr')!;
    expect(within(row).getByText('Skipped')).toBeTruthy();
    expect(
      within(row).getByText('The 2026Q1 return is Approved and cannot be changed by an import; skipped'),
    ).toBeTruthy();
  });

  it('discards in English', async () => {
    const settle = renderProgress(PREVIEWED, 'en');
    fireEvent.click(await screen.findByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(settle).toHaveBeenCalledWith({ id: 'imp-1', action: 'discard' }));
    expect(await screen.findByText(/This dry run was discarded/)).toBeTruthy();
  });

  it('says a refused dry run wrote nothing, with the problem in the language on screen', async () => {
    renderProgress(
      {
        ...PREVIEWED,
        status: 'FAILED',
        errorCount: 1,
        preview: [{ ...PREVIEWED.preview![0], action: 'REFUSED', errors: 1 }],
        errors: [
          {
            file: 'services_trade.csv',
            line: 3,
            column: 'category_code',
            value: 'SZ',
            code: 'UNKNOWN_CODE',
            message_zh: '服务类别代码 SZ 不存在',
            message_en: 'Unknown service category SZ',
          },
        ],
      },
      'en',
    );
    expect(await screen.findByText(/Dry run: the file would be rejected \(1 problem\)/)).toBeTruthy();
    expect(screen.getByText('Refused')).toBeTruthy();
    expect(screen.getByText('Unknown service category SZ')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Confirm import' })).toBeNull();
  });

  it('says until when a dry run waits for its confirmation, and that an expired one wrote nothing', async () => {
    renderProgress({ ...PREVIEWED, expiresAt: '2026-12-10T08:00:02Z' });
    expect(await screen.findByText(/未确认的预检将于 2026-12-10 16:00（北京时间）过期/)).toBeTruthy();
    cleanup();
    renderProgress({ ...PREVIEWED, status: 'EXPIRED', expiresAt: '2026-12-10T08:00:02Z' }, 'en');
    expect(await screen.findByText(/This dry run expired at 2026-12-10 16:00 Beijing time/)).toBeTruthy();
    expect(screen.getByText('Dry run expired')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Confirm import' })).toBeNull();
  });
});

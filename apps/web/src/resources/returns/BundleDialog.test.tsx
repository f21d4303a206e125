import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext, testDataProvider, type DataProvider } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import type { ReturnRow } from '@portal/shared';
import { FirmBundleButton, uploadFate } from './BundleDialog';

afterEach(cleanup);

const row = (periodCode: string, status: ReturnRow['status'], lockDate = '2099-01-15'): ReturnRow => ({
  id: `r-${periodCode}`,
  enterpriseId: 'f-1',
  periodCode,
  status,
  currentRevision: 1,
  approvedRevision: status === 'APPROVED' ? 1 : null,
  late: false,
  daysLate: 0,
  extensionUntil: null,
  firstSubmittedAt: null,
  lastSubmittedAt: null,
  enterpriseName: null,
  uscc: null,
  dueDate: null,
  lockDate,
  version: 1,
  reviewUnitCode: '610100',
  provinceCode: '610000',
  materiality: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('uploadFate: what uploading a period again will do', () => {
  it('imports drafts of open periods, skips approved returns and locked periods, refuses returns in review', () => {
    expect(uploadFate(row('2026Q3', 'DRAFT'), '2026-12-07')).toBe('import');
    expect(uploadFate(row('2026Q3', 'RETURNED'), '2026-12-07')).toBe('import');
    expect(uploadFate(row('2026Q2', 'APPROVED'), '2026-12-07')).toBe('skipped');
    expect(uploadFate(row('2026Q1', 'DRAFT', '2026-04-30'), '2026-12-07')).toBe('skipped');
    expect(uploadFate({ ...row('2026Q1', 'DRAFT', '2026-04-30'), extensionUntil: '2026-12-31' }, '2026-12-07')).toBe(
      'import',
    );
    expect(uploadFate(row('2026Q3', 'SUBMITTED'), '2026-12-07')).toBe('refused');
  });
});

function renderButton(locale = 'zh-CN') {
  const downloadFile = vi.fn((_r: string, _p: { url: string }) =>
    Promise.resolve({ data: { blob: new Blob(['zip']), fileName: 'bundle.zip' } }),
  );
  const dataProvider = {
    ...testDataProvider(),
    getList: (() =>
      Promise.resolve({
        data: [row('2026Q3', 'DRAFT'), row('2026Q2', 'APPROVED')],
        total: 2,
      })) as DataProvider['getList'],
    downloadFile,
  };
  render(
    <AdminContext
      dataProvider={dataProvider}
      i18nProvider={polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale)}
    >
      <FirmBundleButton />
    </AdminContext>,
  );
  return downloadFile;
}

describe('FirmBundleButton: the firm picks the periods of its bundle', () => {
  it('ticks the open period, says the approved one is skipped on upload, and downloads the periods ticked', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const downloadFile = renderButton();
    fireEvent.click(screen.getByRole('button', { name: '下载数据包（.zip）' }));
    const open = await screen.findByRole('checkbox', { name: '2026Q3（草稿，上传后导入草稿）' });
    const approved = screen.getByRole('checkbox', { name: '2026Q2（审核通过，上传时将跳过）' });
    expect((open as HTMLInputElement).checked).toBe(true);
    expect((approved as HTMLInputElement).checked).toBe(false);
    fireEvent.click(approved);
    fireEvent.click(screen.getByRole('button', { name: '下载 2 个报告期' }));
    await waitFor(() =>
      expect(downloadFile).toHaveBeenCalledWith('returns', {
        url: '/api/exchange/bundle?periods=2026Q2%2C2026Q3&basis=current',
      }),
    );
  });

  it('speaks English', async () => {
    renderButton('en');
    fireEvent.click(screen.getByRole('button', { name: 'Download data bundle (.zip)' }));
    expect(await screen.findByRole('checkbox', { name: '2026Q2 (Approved; skipped on upload)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: '2026Q3 (Draft; imported into the draft on upload)' }));
    expect((screen.getByRole('button', { name: 'Download 0 periods' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

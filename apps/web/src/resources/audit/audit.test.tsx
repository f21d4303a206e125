import type { AuditVerifyResult } from '@portal/shared';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { AdminContext, testDataProvider } from 'react-admin';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { auditActionLabel, auditDetailPairs } from './labels';
import { VerifyChainButton } from './VerifyChainButton';

afterEach(cleanup);

function renderButton(result: AuditVerifyResult, locale = 'zh-CN') {
  const dataProvider = { ...testDataProvider(), verifyAudit: () => Promise.resolve({ data: result }) };
  const i18nProvider = polyglotI18nProvider((l) => (l === 'en' ? en : zh), locale);
  render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider}>
      <VerifyChainButton />
    </AdminContext>,
  );
}

const BROKEN: AuditVerifyResult = {
  ok: false,
  checked: 40,
  firstBrokenId: '2',
  breakCount: 4,
  breaks: [
    { id: '2', kind: 'ALTERED' },
    { id: '9', kind: 'LINK', afterId: '6', missing: 2 },
    { id: '12', kind: 'LINK', afterId: '11', missing: 0 },
    { id: '12', kind: 'ALTERED' },
  ],
};

describe('VerifyChainButton', () => {
  it('lists every break of the chain in words', async () => {
    renderButton(BROKEN);
    fireEvent.click(screen.getByRole('button', { name: '校验日志链' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('审计日志链有 4 处断裂（已校验 40 条）')).toBeTruthy();
    const items = within(within(dialog).getByRole('list', { name: '审计日志链断裂处' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      '第 2 条：写入后内容被修改',
      '第 9 条：与第 6 条不衔接，二者之间缺少 2 条（已被删除）',
      '第 12 条：与第 11 条不衔接，第 11 条被改写',
      '第 12 条：写入后内容被修改',
    ]);
  });

  it('says how many breaks are not listed, in English too', async () => {
    renderButton({ ...BROKEN, breakCount: 1004, breaks: [{ id: '1', kind: 'LINK', afterId: null, missing: 0 }] }, 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Entry 1: the entries before it were deleted')).toBeTruthy();
    expect(within(dialog).getByText('1003 more not listed')).toBeTruthy();
  });
});

describe('audit entries in words', () => {
  const step = (s: string) => ({ 'municipal-approve': '市级审核通过' })[s] ?? s;

  it('names known actions, workflow steps by the review’s words, and others by their group', () => {
    expect(auditActionLabel('auth.login', 'zh')).toBe('登录');
    expect(auditActionLabel('periods.extension-decision', 'en')).toBe('Answered an extension request');
    expect(auditActionLabel('returns.municipal-approve', 'zh', step)).toBe('报表 · 市级审核通过');
    expect(auditActionLabel('codes.something-new', 'zh')).toBe('代码表 · something-new');
    expect(auditActionLabel('test.unknown', 'en')).toBe('test.unknown');
  });

  it('shows details as labelled values', () => {
    expect(auditDetailPairs({ periodCode: '2026Q3', late: true, ip: '10.0.0.1', roles: ['ADMIN'] }, 'zh')).toEqual([
      ['报告期', '2026Q3'],
      ['迟报', '是'],
      ['ip', '10.0.0.1'],
      ['角色', '["ADMIN"]'],
    ]);
  });
});

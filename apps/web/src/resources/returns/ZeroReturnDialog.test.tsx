import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { useState } from 'react';
import { AdminContext, testDataProvider } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyReturnContent, type FindingView, type ValidationView } from '@portal/shared';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { ZeroReturnDialog } from './ZeroReturnDialog';

afterEach(cleanup);

const finding = (over: Partial<FindingView>): FindingView => ({
  id: 'f-zero',
  revision: 1,
  ruleId: 'R-ZERO-002',
  severity: 'EXPLAIN',
  cells: ['zeroReturn'],
  message_zh: '本企业为重点联系企业，本期为零申报；请说明本期无业务的原因',
  message_en: 'This is a key enterprise filing a zero return; explain why there was no business this quarter',
  params: {},
  status: 'OPEN',
  reasonCode: null,
  explanation: null,
  explainedBy: null,
  explainedAt: null,
  ...over,
});

const viewOf = (findings: FindingView[], current = true): ValidationView => ({
  returnId: 'r-1',
  revision: 1,
  status: 'DONE',
  progress: 100,
  queuePosition: null,
  catalogueVersion: 'v1',
  startedAt: null,
  finishedAt: null,
  current,
  counts: {
    blocking: findings.filter((f) => f.severity === 'BLOCKING').length,
    explain: findings.filter((f) => f.severity === 'EXPLAIN').length,
    unexplained: findings.filter((f) => f.severity === 'EXPLAIN' && f.status === 'OPEN').length,
    info: 0,
  },
  findings,
});

const TEXT = '本季度两个软件外包项目已于上季度验收结项，新签项目仍在谈判中，预计下季度签约并开始执行';

/**
 * The dialog as the return page drives it: the check turns the draft into a zero return whose validation is read
 * back (here: `checked`); an explanation saved is read back as EXPLAINED.
 */
function renderDialog(checked: FindingView[]) {
  const onSubmit = vi.fn(() => Promise.resolve());
  const onCancel = vi.fn();
  const explainFinding = vi.fn((_r: string, p: { findingId: string; reasonCode?: string; text?: string }) =>
    Promise.resolve({
      data: finding({ id: p.findingId, status: 'EXPLAINED', reasonCode: p.reasonCode, explanation: p.text }),
    }),
  );
  function Harness() {
    // Before the check: the validation of the draft as it was (not a zero return yet).
    const [view, setView] = useState<ValidationView>(viewOf([], false));
    const [server, setServer] = useState(checked);
    return (
      <ZeroReturnDialog
        open
        returnId="r-1"
        period="2026Q3"
        view={view}
        content={{ ...emptyReturnContent(), zeroReturn: true }}
        busy={false}
        onCheck={() => Promise.resolve(true)}
        onRefresh={async () => {
          const explained = explainFinding.mock.results.length
            ? server.map((f) => ({ ...f, status: 'EXPLAINED' as const, explanation: TEXT }))
            : server;
          setServer(explained);
          setView(viewOf(explained));
        }}
        onCancel={onCancel}
        onSubmit={onSubmit}
      />
    );
  }
  render(
    <AdminContext
      dataProvider={{ ...testDataProvider(), explainFinding }}
      i18nProvider={polyglotI18nProvider((l) => (l === 'en' ? en : zh), 'zh-CN')}
    >
      <Harness />
    </AdminContext>,
  );
  return { onSubmit, onCancel, explainFinding };
}

describe('ZeroReturnDialog: the checks of a zero return before it is submitted', () => {
  it('checks first, shows the finding, takes its explanation in place, then submits', async () => {
    const { onSubmit, explainFinding } = renderDialog([finding({})]);
    const dialog = screen.getByRole('dialog', { name: '2026Q3 零申报' });
    expect(screen.queryByRole('button', { name: '上报零申报' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '检查' }));

    await screen.findByText('请为以下 1 条问题填写说明，全部说明后即可上报（说明随报表提交给审核员）。');
    expect(dialog.textContent).toContain('本企业为重点联系企业，本期为零申报；请说明本期无业务的原因');
    expect(dialog.textContent).toContain('本期无业务');
    const submit = screen.getByRole('button', { name: '上报零申报' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);

    // Boilerplate is refused before anything is sent.
    const text = screen.getByRole('textbox', { name: '说明' });
    fireEvent.change(text, { target: { value: '情况属实' } });
    expect((screen.getByRole('button', { name: '提交说明' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(text, { target: { value: TEXT } });
    fireEvent.click(screen.getByRole('button', { name: '提交说明' }));
    await waitFor(() =>
      expect(explainFinding).toHaveBeenCalledWith('returns', {
        id: 'r-1',
        findingId: 'f-zero',
        reasonCode: 'OTHER',
        text: TEXT,
      }),
    );
    await screen.findByText('已说明');
    await screen.findByText('检查通过，未发现需要说明的问题。可以上报。');
    await waitFor(() => expect((submit as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(submit);
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('shows a blocking finding and keeps 上报 disabled; undoing restores the draft', async () => {
    const { onSubmit, onCancel } = renderDialog([
      finding({
        id: 'f-lines',
        ruleId: 'R-ZERO-001',
        severity: 'BLOCKING',
        cells: ['zeroReturn', 'executions'],
        message_zh: '本表为零申报，但执行情况中仍有 1 行；请删除或取消零申报',
      }),
    ]);
    fireEvent.click(screen.getByRole('button', { name: '检查' }));
    await screen.findByText('有 1 条须修正的问题，零申报不能上报。请取消零申报，在报表中修正后再上报。');
    expect(screen.getByText('本表为零申报，但执行情况中仍有 1 行；请删除或取消零申报')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: '说明' })).toBeNull();
    expect((screen.getByRole('button', { name: '上报零申报' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '取消零申报' }));
    expect(onCancel).toHaveBeenCalledWith(true);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('closes without touching the draft when cancelled before the check', () => {
    const { onCancel } = renderDialog([]);
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(onCancel).toHaveBeenCalledWith(false);
  });
});

import type { CellDiff, ReviewCommentView } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { commentsByPath, latestRound, parseProposedValue } from './comments';
import { cellChange, changesBySection, diffMap } from './diffMap';
import { formatMateriality, inboxSort, inboxSortKey } from './inboxSort';
import { notificationTarget } from './notificationLink';

const change = (c: Partial<CellDiff> & Pick<CellDiff, 'path' | 'section' | 'kind'>): CellDiff => ({
  key: null,
  before: null,
  after: null,
  ...c,
});

describe('diff highlighting', () => {
  const changes = [
    change({ path: 'servicesTrade[0].amount', section: 'servicesTrade', kind: 'changed', before: 100, after: 120 }),
    change({ path: 'contracts[1]', section: 'contracts', kind: 'added', after: { contractNo: 'N' } }),
    change({ path: 'executions[2]', section: 'executions', kind: 'removed', before: { contractNo: 'X' } }),
    change({ path: 'workforce', section: 'workforce', kind: 'added', after: { bachelor: 3 } }),
  ];
  const map = diffMap(changes);

  it('marks a changed cell with its value before and after', () => {
    expect(cellChange(map, 'servicesTrade[0].amount', 'servicesTrade[0]', 120)).toEqual({
      kind: 'changed',
      before: 100,
      after: 120,
    });
    expect(cellChange(map, 'servicesTrade[0].currency', 'servicesTrade[0]', 'USD')).toBeNull();
  });

  it('marks every cell of a new line and of a new section as added', () => {
    expect(cellChange(map, 'contracts[1].amount', 'contracts[1]', 5)).toEqual({
      kind: 'added',
      before: null,
      after: 5,
    });
    expect(cellChange(map, 'contracts[0].amount', 'contracts[0]', 5)).toBeNull();
    expect(cellChange(map, 'workforce.bachelor', null, 3)?.kind).toBe('added');
  });

  it('keeps removed lines apart (they have no cell now) and counts changes per section', () => {
    expect(map.removedRows.map((r) => r.path)).toEqual(['executions[2]']);
    expect([...map.sections].sort()).toEqual(['contracts', 'executions', 'servicesTrade', 'workforce']);
    expect(changesBySection(changes)).toEqual({ servicesTrade: 1, contracts: 1, executions: 1, workforce: 1 });
  });
});

describe('inbox sort', () => {
  it('puts the pressing work first for each order', () => {
    expect(inboxSort('materiality')).toEqual({ field: 'materiality', order: 'DESC' });
    expect(inboxSort('dueDate')).toEqual({ field: 'dueDate', order: 'ASC' });
    // `age` sorts by arrival time: ascending is the longest wait first.
    expect(inboxSort('age')).toEqual({ field: 'age', order: 'ASC' });
    expect(inboxSort('findings')).toEqual({ field: 'findings', order: 'DESC' });
  });

  it('finds the preset of a list sort, and none for other fields', () => {
    expect(inboxSortKey({ field: 'findings', order: 'ASC' })).toBe('findings');
    expect(inboxSortKey({ field: 'enterpriseName', order: 'ASC' })).toBeNull();
    expect(inboxSortKey(undefined)).toBeNull();
  });

  it('shows materiality as a percentage of the provincial total', () => {
    expect(formatMateriality(0.0123)).toBe('1.23%');
    expect(formatMateriality(0.5)).toBe('50.0%');
    expect(formatMateriality(null)).toBe('—');
  });
});

const comment = (c: Partial<ReviewCommentView>): ReviewCommentView => ({
  id: 'c',
  returnId: 'r',
  revision: 1,
  path: 'servicesTrade[0].amount',
  text: '请核实',
  proposedValue: undefined,
  authorRole: 'MUNICIPAL_REVIEWER',
  authorUsername: 'xian',
  createdAt: '2026-11-20T00:00:00Z',
  response: null,
  responseReason: null,
  respondedBy: null,
  respondedAt: null,
  ...c,
});

describe('review comments on the firm form', () => {
  it('put the latest round of comments at their cells, with the proposed value', () => {
    const comments = [
      comment({ id: 'old', revision: 1, path: 'workforce.bachelor', text: '旧意见' }),
      comment({ id: 'a', revision: 2, text: '与合同执行额不一致', proposedValue: 1500 }),
      comment({ id: 'b', revision: 2, path: 'contracts[0]', text: '合同缺少附件' }),
    ];
    expect(latestRound(comments).map((c) => c.id)).toEqual(['a', 'b']);
    expect(commentsByPath(comments, 'zh-CN')).toEqual({
      'servicesTrade[0].amount': [
        { message: '审核意见（xian）：与合同执行额不一致；建议值：1,500', severity: 'warning' },
      ],
      'contracts[0]': [{ message: '审核意见（xian）：合同缺少附件', severity: 'warning' }],
    });
    expect(commentsByPath(comments, 'en')['contracts[0]'][0].message).toBe('Reviewer (xian): 合同缺少附件');
  });

  it('read a typed proposal as the kind of value the cell holds', () => {
    expect(parseProposedValue('1,500.5', 1000)).toBe(1500.5);
    expect(parseProposedValue('是', false)).toBe(true);
    expect(parseProposedValue(' USD ', 'CNY')).toBe('USD');
    expect(parseProposedValue('  ', 3)).toBeUndefined();
  });
});

describe('notification links', () => {
  const id = 'd2777f46-eb3b-4937-9ebd-ed3713ad4442';
  it('open a return on the review screen for reviewers and on its page for the firm', () => {
    expect(notificationTarget(`/returns/${id}`, true)).toBe(`/review/inbox/${id}/show`);
    expect(notificationTarget(`/returns/${id}`, false)).toBe(`/returns/${id}/show`);
    expect(notificationTarget('/returns', false)).toBe('/returns');
    expect(notificationTarget('https://elsewhere.example', false)).toBeNull();
    expect(notificationTarget(null, true)).toBeNull();
  });
});

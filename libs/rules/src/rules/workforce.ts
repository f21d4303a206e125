import { COUNT_MAX, isCount } from '@portal/shared';
import { defineRule } from '../define';
import { cellPath, place } from '../labels';

const HEADCOUNT_FIELDS = ['juniorCollege', 'bachelor', 'master', 'doctor', 'other'] as const;
const NEW_HIRE_FIELDS = ['newHires', 'newHiresGraduates'] as const;

export const workforceCounts = defineRule({
  id: 'R-WF-001',
  version: 2,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'workforce',
  title_zh: `从业人员人数须为 0 至 ${COUNT_MAX} 的整数`,
  title_en: `Workforce figures are whole numbers from 0 to ${COUNT_MAX}`,
  messages: {
    notCount: {
      zh: `{whereZh} {fieldZh}须为 0 至 ${COUNT_MAX} 的整数，现为 {value}`,
      en: `{whereEn}: {fieldEn} must be a whole number from 0 to ${COUNT_MAX}, not {value}`,
    },
  },
  run(ctx, report) {
    const w = ctx.content.workforce;
    if (!w) return;
    const check = (field: (typeof HEADCOUNT_FIELDS)[number] | (typeof NEW_HIRE_FIELDS)[number], optional: boolean) => {
      const value = w[field];
      if (isCount(value) || (optional && value === null)) return;
      report('notCount', [cellPath('workforce', null, field)], {
        ...place('workforce', null, field),
        value: String(value),
      });
    };
    for (const field of HEADCOUNT_FIELDS) check(field, false);
    for (const field of NEW_HIRE_FIELDS) check(field, true);
  },
  examples: {
    pass: [
      { note: 'whole numbers' },
      { note: 'new hires not given', content: { workforce: { newHires: null, newHiresGraduates: null } } },
    ],
    fail: [
      {
        note: 'half a bachelor and a negative doctor count',
        content: { workforce: { bachelor: 30.5, doctor: -1 } },
        cells: ['workforce.bachelor', 'workforce.doctor'],
      },
      {
        note: 'three billion masters: beyond any firm and beyond the int4 fact column',
        content: { workforce: { master: 3_000_000_000 } },
        cells: ['workforce.master'],
      },
    ],
  },
});

/**
 * The content carries no declared totals (headcount total, university subtotal): those are derived, so they add
 * up by construction. The one hierarchy a firm can get wrong is graduates within new hires.
 */
export const graduatesWithinNewHires = defineRule({
  id: 'R-WF-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'workforce',
  title_zh: '新增人员中的应届毕业生不得多于新增人数',
  title_en: 'Graduates among new hires do not exceed new hires',
  messages: {
    exceeds: {
      zh: '从业人员 其中：应届毕业生 {graduates} 人，多于本期新增人数 {newHires} 人',
      en: 'Workforce: {graduates} graduates among new hires is more than the {newHires} new hires',
    },
    noNewHires: {
      zh: '从业人员 填了应届毕业生 {graduates} 人，但未填本期新增人数',
      en: 'Workforce: {graduates} graduates among new hires are given but the number of new hires is missing',
    },
  },
  run(ctx, report) {
    const w = ctx.content.workforce;
    if (!w || !isCount(w.newHiresGraduates) || w.newHiresGraduates === 0) return;
    const cells = [cellPath('workforce', null, 'newHiresGraduates'), cellPath('workforce', null, 'newHires')];
    if (w.newHires === null || w.newHires === undefined) {
      report('noNewHires', cells, { graduates: w.newHiresGraduates });
    } else if (isCount(w.newHires) && w.newHiresGraduates > w.newHires) {
      report('exceeds', cells, { graduates: w.newHiresGraduates, newHires: w.newHires });
    }
  },
  examples: {
    pass: [
      { note: '3 graduates of 6 new hires' },
      { note: 'all new hires are graduates', content: { workforce: { newHires: 6, newHiresGraduates: 6 } } },
    ],
    fail: [
      {
        note: '8 graduates of 6 new hires',
        content: { workforce: { newHires: 6, newHiresGraduates: 8 } },
        cells: ['workforce.newHiresGraduates', 'workforce.newHires'],
      },
      {
        note: 'graduates without new hires',
        content: { workforce: { newHires: null, newHiresGraduates: 2 } },
        cells: ['workforce.newHiresGraduates', 'workforce.newHires'],
      },
    ],
  },
});

export const WORKFORCE_RULES = [workforceCounts, graduatesWithinNewHires];

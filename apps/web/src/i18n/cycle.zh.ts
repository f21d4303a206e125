import type { cycleEn } from './cycle.en';
import type { MessageTree } from './messages';

/** 报表日常流转的中文文案：退回提示、无权访问、往期数据、终审（在 zh.ts 中合并）。 */
export const cycleZh: MessageTree<typeof cycleEn> = {
  cycle: {
    bounce: {
      title_returned: '报表已被退回',
      title_validation: '报表未通过审核校验，已退回草稿',
      returned: '%{who} 于 %{at}（北京时间）退回。退回原因：%{reason}',
      validation:
        '系统于 %{at}（北京时间）校验时发现本报表有未通过的审核规则。请在“审核校验”中逐条修改或填写说明后重新上报。',
      hint: '请按退回原因和单元格批注修改后重新上报。',
      home: '已退回：%{reason}（%{who}，%{at}）',
      home_validation: '未通过审核校验，已退回草稿（%{at}）',
      system: '系统校验',
    },
    no_access: {
      title: '无权访问',
      body: '您的账号无权查看此页面。如确需访问，请联系系统管理员。',
      home: '返回首页',
    },
    prior: {
      this_period: '本期',
      title: '往期数据',
      year: '上年同期（%{period}）',
      quarter: '上季度（%{period}）',
      none: '无已报送数据',
      hint: '同一企业 %{year} 和 %{quarter} 报表中的对应数据：同一类别、国别（地区）、方向和币种，同一合同，同一人数项；已审核通过的取审核通过版本。',
      change: '比上年同期：%{change}',
    },
    final: {
      button: '终审通过',
      title: '终审通过',
      body: '省级审核是最终一级审核：确认后报表锁定，数据计入正式统计报表；企业只能通过申请更正修改。',
    },
    extension: {
      reviewer: '该企业已获准延期至 %{until}（北京时间）：%{reason}',
    },
    zero: {
      then_submit: '请查看下方“审核校验”，按要求填写说明后点击“上报”。',
      undo: '取消零申报',
      dialog: {
        title: '%{period} 零申报',
        intro:
          '本企业本期既无服务进出口，也无服务外包业务：草稿中的服务进出口、合同和执行情况将被清空（从业人员保留），企业基本情况视为已确认。点击“检查”后，系统先按零申报适用的审核规则检查，结果在本窗口中显示；需要说明的问题在这里填写说明后再上报。',
        check: '检查',
        checking: '正在按零申报适用的审核规则检查……',
        passed: '检查通过，未发现需要说明的问题。可以上报。',
        explain_all: '请为以下 %{smart_count} 条问题填写说明，全部说明后即可上报（说明随报表提交给审核员）。',
        blocking: '有 %{smart_count} 条须修正的问题，零申报不能上报。请取消零申报，在报表中修正后再上报。',
        explained: '已说明',
        save_failed: '草稿未能保存为零申报，请关闭后修正报表中标出的问题。',
        submit: '上报零申报',
        cancel: '取消零申报',
      },
    },
    unsaved_title: '有未保存的修改',
    unsaved: '本页有尚未保存的修改，离开后将丢失。确定离开吗？',
    stay: '留在本页',
    leave: '离开',
  },
};

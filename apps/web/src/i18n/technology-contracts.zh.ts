import {
  CONTRACT_REGISTRATION_STATUS_LABELS,
  CONTRACT_VERSION_KIND_LABELS,
  TECHNOLOGY_CATEGORY_LABELS,
  TECHNOLOGY_CONTRACT_FIELD_LABELS,
} from '@portal/shared';
import type { MessageTree } from './messages';
import { technologyContractsEn, wordsOf } from './technology-contracts.en';

/** 技术进出口合同登记的界面文字（在 zh.ts 中合并）。 */
export const technologyContractsZh: MessageTree<typeof technologyContractsEn> = {
  techContracts: {
    menu: '技术进出口合同',
    my_menu: '我的技术进出口合同',
    create: '登记合同',
    fields: {
      ...wordsOf(TECHNOLOGY_CONTRACT_FIELD_LABELS, 'zh'),
      status: '状态',
      enterpriseName: '企业',
      periodCode: '季度',
      materiality: '重要性',
      updatedAt: '更新时间',
    },
    status: wordsOf(CONTRACT_REGISTRATION_STATUS_LABELS, 'zh'),
    kind: wordsOf(CONTRACT_VERSION_KIND_LABELS, 'zh'),
    category: wordsOf(TECHNOLOGY_CATEGORY_LABELS, 'zh'),
    direction: { EXPORT: '技术出口', IMPORT: '技术进口' },
    excel: {
      template: '下载 Excel 模板',
      import: '从 Excel 导入',
    },
    actions: {
      save: '保存草稿',
      submit: '提交登记申请',
      certificate: '下载登记证书',
      attachment: '合同扫描件',
      upload: '上传扫描件',
      register: '登记',
      return: '退回企业',
      send_back: '退回市级',
      change: '申请变更',
      cancel: '申请注销',
    },
    reason: '原因',
    remark_field: '批注字段',
    remark: '对该字段的意见',
    saved: '草稿已保存',
    submitted: '已提交，正在校验',
    done: '操作成功',
    refused: '未提交：请先修改以下问题',
    checks: '校验（与服务器同一套规则）',
    no_findings: '未发现问题',
    history: '办理记录',
    version: '第 %{version} 版',
    review_title: '技术进出口合同登记',
  },
};

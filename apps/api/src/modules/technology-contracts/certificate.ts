import {
  CONTRACT_VERSION_KIND_LABELS,
  TECHNOLOGY_CATEGORY_LABELS,
  TECHNOLOGY_CONTRACT_FIELD_LABELS as L,
} from '@portal/shared';
import type { EnterpriseEntity } from '../enterprises/enterprise.entity';
import type { TechnologyContractEntity, TechnologyContractVersionEntity } from './technology-contract.entity';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const shanghaiTime = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;

/**
 * 技术进出口合同登记证书 of the registered version, as an HTML file like the return's receipt (回执): the number, the
 * registered content and its SHA-256 (the hash of the canonical document when it was filed), to keep or print.
 */
export function certificateHtml(
  c: TechnologyContractEntity,
  firm: Pick<EnterpriseEntity, 'nameZh' | 'uscc'>,
  v: TechnologyContractVersionEntity,
): string {
  const amount = (a: string) => `${Number(a).toLocaleString('en-US', { minimumFractionDigits: 2 })} ${v.currency}`;
  const fields: [string, string][] = [
    [L.registrationNo.zh, c.registrationNo ?? ''],
    ['企业名称', firm.nameZh],
    ['统一社会信用代码', firm.uscc],
    [L.contractNo.zh, c.contractNo],
    [L.direction.zh, c.direction === 'EXPORT' ? '技术出口' : '技术进口'],
    [L.signedDate.zh, v.signedDate],
    [L.modeCode.zh, v.modeCode],
    [L.foreignParty.zh, v.foreignParty],
    [L.partnerCode.zh, v.partnerCode],
    [L.techFee.zh, amount(v.techFee)],
    [L.equipmentFee.zh, amount(v.equipmentFee)],
    [L.contractAmount.zh, amount(v.contractAmount)],
    [L.category.zh, TECHNOLOGY_CATEGORY_LABELS[v.category].zh],
    ...(v.licenceNo ? [[L.licenceNo.zh, v.licenceNo] as [string, string]] : []),
    [L.versionKind.zh, `${CONTRACT_VERSION_KIND_LABELS[v.kind].zh}（第 ${v.version} 版）`],
    ...(v.reason ? [[L.versionReason.zh, v.reason] as [string, string]] : []),
    ['登记机关', `${c.reviewUnitCode} 商务主管部门`],
    ['登记时间', v.registeredAt ? shanghaiTime(v.registeredAt) : ''],
    ['内容摘要（SHA-256）', v.contentHash ?? ''],
  ];
  const rows = fields
    .map(([k, val]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(val)}</td></tr>`)
    .join('\n      ');
  return `<!DOCTYPE html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>技术进出口合同登记证书 ${escapeHtml(c.registrationNo ?? '')}</title>
    <style>
      body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }
      table { border-collapse: collapse; }
      th, td { border: 1px solid #999; padding: 0.4em 0.8em; text-align: left; }
      td { word-break: break-all; }
    </style>
  </head>
  <body>
    <h1>技术进出口合同登记证书</h1>
    <table>
      ${rows}
    </table>
    <p>内容摘要为登记内容（规范化 JSON）的 SHA-256 值，可用于核对登记数据未被改动。</p>
  </body>
</html>
`;
}

import {
  CONTRACT_VERSION_KIND_LABELS,
  TECHNOLOGY_CATEGORY_LABELS,
  TECHNOLOGY_CONTRACT_FIELD_LABELS as L,
} from '@portal/shared';
import { beijingTime, type KeyValueDocument } from '../../core/documents/pdf-document';
import type { EnterpriseEntity } from '../enterprises/enterprise.entity';
import type { TechnologyContractEntity, TechnologyContractVersionEntity } from './technology-contract.entity';

/**
 * 技术进出口合同登记证书 of the registered version, like the return's receipt (回执): the number, the registered
 * content and its SHA-256 (the hash of the canonical document when it was filed), to keep or print.
 */
export function certificateDocument(
  c: TechnologyContractEntity,
  firm: Pick<EnterpriseEntity, 'nameZh' | 'uscc'>,
  v: TechnologyContractVersionEntity,
): KeyValueDocument {
  const amount = (a: string) => `${Number(a).toLocaleString('en-US', { minimumFractionDigits: 2 })} ${v.currency}`;
  return {
    title: '技术进出口合同登记证书',
    rows: [
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
      ...(v.licenceNo ? [[L.licenceNo.zh, v.licenceNo] as const] : []),
      [L.versionKind.zh, `${CONTRACT_VERSION_KIND_LABELS[v.kind].zh}（第 ${v.version} 版）`],
      ...(v.reason ? [[L.versionReason.zh, v.reason] as const] : []),
      ['登记机关', `${c.reviewUnitCode} 商务主管部门`],
      ['登记时间', v.registeredAt ? beijingTime(v.registeredAt) : ''],
      ['内容摘要（SHA-256）', v.contentHash ?? ''],
    ],
    note: '内容摘要为登记内容（规范化 JSON）的 SHA-256 值，可用于核对登记数据未被改动。',
  };
}

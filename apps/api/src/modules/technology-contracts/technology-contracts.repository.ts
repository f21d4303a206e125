import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TechnologyContract, TechnologyContractRegistration } from '@portal/shared';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { TechnologyContractEntity, TechnologyContractVersionEntity } from './technology-contract.entity';

/** A version's document as the shared type (@portal/shared TechnologyContract): amounts as numbers. */
export function documentOf(
  contract: Pick<TechnologyContractEntity, 'contractNo' | 'direction'>,
  v: TechnologyContractVersionEntity,
): TechnologyContract {
  return {
    contractNo: contract.contractNo,
    direction: contract.direction,
    signedDate: v.signedDate,
    modeCode: v.modeCode,
    foreignParty: v.foreignParty,
    partnerCode: v.partnerCode,
    techFee: Number(v.techFee),
    equipmentFee: Number(v.equipmentFee),
    contractAmount: Number(v.contractAmount),
    currency: v.currency,
    category: v.category,
    licenceNo: v.licenceNo,
  };
}

/**
 * Reads of technology contracts and their versions. Every method takes an optional EntityManager so that a workflow
 * action reads inside its own transaction; writes of status and versions belong to the registration workflow (and the
 * historical import), not here.
 */
@Injectable()
export class TechnologyContractsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The contract a firm numbers `contractNo`, if any. */
  findByNumber(enterpriseId: string, contractNo: string, m: EntityManager = this.ds.manager) {
    return m.findOneBy(TechnologyContractEntity, { enterpriseId, contractNo });
  }

  findById(id: string, m: EntityManager = this.ds.manager) {
    return m.findOneBy(TechnologyContractEntity, { id });
  }

  /** One version of a contract. */
  version(contractId: string, version: number, m: EntityManager = this.ds.manager) {
    return m.findOneBy(TechnologyContractVersionEntity, { contractId, version });
  }

  /** Every version of a contract, oldest first (the history the firm and the reviewer see). */
  versions(contractId: string, m: EntityManager = this.ds.manager) {
    return m.find(TechnologyContractVersionEntity, { where: { contractId }, order: { version: 'ASC' } });
  }

  /** The version the tables count, or null while the contract is not registered. */
  async registeredVersion(contract: TechnologyContractEntity, m: EntityManager = this.ds.manager) {
    return contract.registeredVersion === null ? null : this.version(contract.id, contract.registeredVersion, m);
  }

  /** A firm's contracts, newest signing quarter first. */
  listForEnterprise(enterpriseId: string, m: EntityManager = this.ds.manager) {
    return m.find(TechnologyContractEntity, {
      where: { enterpriseId },
      order: { periodCode: 'DESC', contractNo: 'ASC' },
    });
  }

  /** The record as the API answers it: the contract, its firm and its current version's document. */
  async registration(id: string, m: EntityManager = this.ds.manager): Promise<TechnologyContractRegistration | null> {
    const contract = await this.findById(id, m);
    if (!contract) return null;
    const [firm, current] = await Promise.all([
      m.findOneByOrFail(EnterpriseEntity, { id: contract.enterpriseId }),
      m.findOneByOrFail(TechnologyContractVersionEntity, { contractId: id, version: contract.currentVersion }),
    ]);
    return {
      id: contract.id,
      enterpriseId: contract.enterpriseId,
      uscc: firm.uscc,
      enterpriseNameZh: firm.nameZh,
      status: contract.status,
      registrationNo: contract.registrationNo,
      version: current.version,
      versionKind: current.kind,
      versionReason: current.reason,
      content: documentOf(contract, current),
    };
  }
}

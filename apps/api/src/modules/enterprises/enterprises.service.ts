import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { notFound } from '../../core/errors/app-error';
import { EnterpriseEntity } from './enterprise.entity';

export const ENTERPRISE_TERRITORY = {
  enterpriseId: 'e.id',
  reviewUnitCode: 'e.reviewUnitCode',
  provinceCode: 'e.provinceCode',
};

@Injectable()
export class EnterprisesService {
  constructor(
    @InjectRepository(EnterpriseEntity)
    private readonly enterprises: Repository<EnterpriseEntity>,
  ) {}

  /** Firms the caller may see; the territory condition is part of the query. */
  scoped(user: AuthUser) {
    return whereInTerritory(this.enterprises.createQueryBuilder('e'), user, ENTERPRISE_TERRITORY);
  }

  async getScoped(user: AuthUser, id: string): Promise<EnterpriseEntity> {
    const found = await this.scoped(user).andWhere('e.id = :id', { id }).getOne();
    if (!found) throw notFound('企业', 'Enterprise');
    return found;
  }
}

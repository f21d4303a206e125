import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { equalsFilter, idFilter, listPage, type ListSpec } from '../../core/http/list-query';
import { AuditLogEntity } from './audit-log.entity';
import { AuditService } from './audit.service';

const SPEC: ListSpec<AuditLogEntity> = {
  resource: 'audit',
  sortable: { id: 'a.id', at: 'a.at', action: 'a.action' },
  defaultSort: ['id', 'DESC'],
  filters: {
    id: idFilter('a.id'),
    action: equalsFilter('a.action'),
    actorUsername: equalsFilter('a.actorUsername'),
    entityType: equalsFilter('a.entityType'),
    entityId: equalsFilter('a.entityId'),
    from: (qb, v, p) => qb.andWhere(`a.at >= :${p}`, { [p]: String(v) }),
    to: (qb, v, p) => qb.andWhere(`a.at <= :${p}`, { [p]: String(v) }),
  },
};

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @InjectRepository(AuditLogEntity)
    private readonly rows: Repository<AuditLogEntity>,
  ) {}

  /** Who did, saw or exported what, when. */
  @Get()
  @Authenticated({ permission: 'audit.read' })
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    return listPage(this.rows.createQueryBuilder('a'), query, SPEC, res);
  }

  /** Recomputes the hash chain and reports the first row that does not match. */
  @Get('verify')
  @Authenticated({ permission: 'audit.read' })
  verify() {
    return this.audit.verify();
  }
}

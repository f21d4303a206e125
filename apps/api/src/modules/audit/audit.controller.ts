import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditEntry } from '@portal/shared';
import { AuditEntryDto, AuditVerifyResultDto } from '../../core/http/response-dtos';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import {
  equalsFilter,
  filter,
  idFilter,
  ListQuery,
  listPage,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { AuditLogEntity } from './audit-log.entity';
import { assertReadsWholeLog, auditEntryView, AuditService, whereAuditInTerritory } from './audit.service';

const SPEC: ListSpec<AuditLogEntity> = {
  resource: 'audit',
  sortable: { id: 'a.id', at: 'a.at', action: 'a.action' },
  defaultSort: ['id', 'DESC'],
  filters: {
    id: idFilter('a.id', 'bigint'),
    action: equalsFilter('a.action', 'text'),
    // The part of the action before its first dot (auth, returns, periods…): "auth" finds every sign-in event.
    group: filter('text', (qb, v, p) => qb.andWhere(`split_part(a.action, '.', 1) = :${p}`, { [p]: v })),
    actorUsername: equalsFilter('a.actorUsername', 'text'),
    entityType: equalsFilter('a.entityType', 'text'),
    entityId: equalsFilter('a.entityId', 'text'),
    from: filter('datetime', (qb, v, p) => qb.andWhere(`a.at >= :${p}`, { [p]: v })),
    to: filter('datetime', (qb, v, p) => qb.andWhere(`a.at <= :${p}`, { [p]: v })),
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

  /** Who did, saw or exported what, when: all of it for the operator, its territory's objects for a province. */
  @ApiOperation({ summary: '审计日志 · Audit log: who did, saw or exported what, when' })
  @Get()
  @ApiOkResponse({ type: [AuditEntryDto] })
  @Authenticated({ permission: 'audit.read' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(SPEC) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuditEntry[]> {
    return (await listPage(whereAuditInTerritory(this.rows.createQueryBuilder('a'), user), params, SPEC, res)).map(
      auditEntryView,
    );
  }

  /** Recomputes the hash chain and reports every row that does not match or does not follow its predecessor. */
  @ApiOperation({ summary: '校验审计链 · Verify the audit hash chain' })
  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResultDto })
  @Authenticated({ permission: 'audit.read' })
  verify(@CurrentUser() user: AuthUser) {
    assertReadsWholeLog(user);
    return this.audit.verify();
  }
}

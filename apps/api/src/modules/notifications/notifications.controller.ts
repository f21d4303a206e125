import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import {
  booleanFilter,
  equalsFilter,
  idFilter,
  ListQuery,
  listPage,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { UuidPipe } from '../../core/validation/pipes';
import { NOTIFICATION_KINDS } from '@portal/shared';
import type { NotificationEntity } from './notification.entity';
import { NotificationsService } from './notifications.service';

const NOTIFICATION_LIST: ListSpec<NotificationEntity> = {
  resource: 'notifications',
  sortable: { id: 'n.id', createdAt: 'n.createdAt', kind: 'n.kind' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    id: idFilter('n.id'),
    kind: equalsFilter('n.kind', 'enum', NOTIFICATION_KINDS),
    unread: booleanFilter((qb, v) => qb.andWhere(v ? 'n.readAt IS NULL' : 'n.readAt IS NOT NULL')),
  },
};

/** Every user's own notifications: no permission beyond being logged in, and never anyone else's. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: "站内通知 · The caller's notifications" })
  @Get()
  @Authenticated()
  list(
    @CurrentUser() user: AuthUser,
    @ListQuery(NOTIFICATION_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return listPage(this.notifications.own(user), params, NOTIFICATION_LIST, res);
  }

  @ApiOperation({ summary: '标为已读 · Mark a notification read' })
  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  read(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user, id);
  }
}

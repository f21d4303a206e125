import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationViewDto } from '../../core/http/response-dtos';
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
import type { NotificationView } from '@portal/shared';
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

/** A notification as the API answers it: timestamps as ISO strings. */
const notificationView = (n: NotificationEntity): NotificationView => ({
  id: n.id,
  userId: n.userId,
  kind: n.kind,
  titleZh: n.titleZh,
  titleEn: n.titleEn,
  body: n.body,
  link: n.link,
  dedupeKey: n.dedupeKey,
  readAt: n.readAt ? n.readAt.toISOString() : null,
  mailedAt: n.mailedAt ? n.mailedAt.toISOString() : null,
  createdAt: n.createdAt.toISOString(),
});

/** Every user's own notifications: no permission beyond being logged in, and never anyone else's. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: "站内通知 · The caller's notifications" })
  @Get()
  @ApiOkResponse({ type: [NotificationViewDto] })
  @Authenticated()
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(NOTIFICATION_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return (await listPage(this.notifications.own(user), params, NOTIFICATION_LIST, res)).map(notificationView);
  }

  @ApiOperation({ summary: '标为已读 · Mark a notification read' })
  @Post(':id/read')
  @ApiOkResponse({ type: NotificationViewDto })
  @HttpCode(200)
  @Authenticated()
  async read(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return notificationView(await this.notifications.markRead(user, id));
  }
}

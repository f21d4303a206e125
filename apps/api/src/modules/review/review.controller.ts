import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BulkApproveResultDto,
  DiffResponseDto,
  InboxRowDto,
  OverdueReportDto,
  ReminderRecordDto,
  RemindersResultDto,
  ReturnDetailDto,
  ReviewCommentViewDto,
  TransitionViewDto,
} from '../../core/http/response-dtos';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { ListQuery, type ListParams } from '../../core/http/list-query';
import { UuidPipe } from '../../core/validation/pipes';
import { INBOX_LIST, InboxService } from './inbox.service';
import {
  ApproveDto,
  BulkApproveDto,
  DiffQueryDto,
  PeriodQueryDto,
  ReasonDto,
  RemindersDto,
  RespondDto,
  ReturnToFirmDto,
} from './review.dto';
import { ReviewService } from './review.service';

const uuid = new UuidPipe();

/**
 * Workflow actions on one return. approve and return act at the municipal or the provincial level depending on
 * the return's state and the caller; the service checks the level's permission and territory.
 */
@ApiTags('review')
@Controller('returns/:id')
export class ReturnReviewController {
  constructor(private readonly review: ReviewService) {}

  @ApiOperation({ summary: "审核通过 · Approve at the caller's level" })
  @Post('approve')
  @ApiOkResponse({ type: ReturnDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.inbox' })
  approve(@Param('id', uuid) id: string, @Body() dto: ApproveDto, @CurrentUser() user: AuthUser) {
    return this.review.transition(user, id, 'approve', dto);
  }

  /** 退回: back to the firm with a reason and comments pinned to cells (optionally proposing values). */
  @ApiOperation({ summary: '退回企业 · Return to the firm' })
  @Post('return')
  @ApiOkResponse({ type: ReturnDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.inbox' })
  returnToFirm(@Param('id', uuid) id: string, @Body() dto: ReturnToFirmDto, @CurrentUser() user: AuthUser) {
    return this.review.transition(user, id, 'return', dto);
  }

  /** The province sends a municipally approved return back to the city. */
  @ApiOperation({ summary: '退回市级 · Send back to the city' })
  @Post('send-back')
  @ApiOkResponse({ type: ReturnDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.provincial' })
  sendBack(@Param('id', uuid) id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.review.transition(user, id, 'send-back', dto);
  }

  /** 更正: the firm reopens an approved return; the tables keep the approved revision until the new one passes. */
  @ApiOperation({ summary: '申请更正 · Request a correction of an approved return' })
  @Post('correction-request')
  @ApiOkResponse({ type: ReturnDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.submit' })
  correction(@Param('id', uuid) id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.review.transition(user, id, 'correction-request', dto);
  }

  @ApiOperation({ summary: "状态记录 · The return's recorded state changes" })
  @Get('transitions')
  @ApiOkResponse({ type: [TransitionViewDto] })
  @Authenticated({ permission: 'returns.read' })
  transitions(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.review.transitions(user, id);
  }

  @ApiOperation({ summary: "审核批注 · Reviewers' comments on cells" })
  @Get('comments')
  @ApiOkResponse({ type: [ReviewCommentViewDto] })
  @Authenticated({ permission: 'returns.read' })
  comments(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.review.comments(user, id);
  }

  /** The firm accepts a proposed correction (its own edit of the draft) or rejects it with a reason. */
  @ApiOperation({ summary: '答复修改建议 · Accept or reject a proposed value' })
  @Post('comments/:commentId/respond')
  @ApiOkResponse({ type: ReviewCommentViewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  respond(
    @Param('id', uuid) id: string,
    @Param('commentId', uuid) commentId: string,
    @Body() dto: RespondDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.review.respond(user, id, commentId, dto.accept, dto.reason);
  }

  /** Cell-level changes between two revisions (default: last returned → current). */
  @ApiOperation({ summary: '版本差异 · Cell changes between two revisions' })
  @Get('diff')
  @ApiOkResponse({ type: DiffResponseDto })
  @Authenticated({ permission: 'returns.read' })
  diff(@Param('id', uuid) id: string, @Query() q: DiffQueryDto, @CurrentUser() user: AuthUser) {
    return this.review.diff(user, id, q.from, q.to);
  }
}

/** The reviewer's desk across returns. */
@ApiTags('review')
@Controller('review')
export class ReviewDeskController {
  constructor(private readonly inbox: InboxService) {}

  /** Returns waiting for the caller's level in their territory (list contract). */
  @ApiOperation({ summary: '审核待办 · Review inbox' })
  @Get('inbox')
  @ApiOkResponse({ type: [InboxRowDto] })
  @Authenticated({ permission: 'review.inbox' })
  list(
    @CurrentUser() user: AuthUser,
    @ListQuery(INBOX_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.inbox.inbox(user, params, res);
  }

  @ApiOperation({ summary: '批量通过 · Approve several returns' })
  @Post('bulk-approve')
  @ApiOkResponse({ type: BulkApproveResultDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.inbox' })
  bulkApprove(@Body() dto: BulkApproveDto, @CurrentUser() user: AuthUser) {
    return this.inbox.bulkApprove(user, dto.ids, dto.versions);
  }

  /** 催报 list: who owes the period and has not filed, per review unit. */
  @ApiOperation({ summary: '催报名单 · Firms that have not filed' })
  @Get('overdue')
  @ApiOkResponse({ type: OverdueReportDto })
  @Authenticated({ permission: 'review.inbox' })
  overdue(@Query() q: PeriodQueryDto, @CurrentUser() user: AuthUser) {
    return this.inbox.overdue(user, q.periodCode);
  }

  /** Who was reminded when (催报 history) for a period, in the caller's territory. */
  @ApiOperation({ summary: '催报记录 · Reminders sent' })
  @Get('reminders')
  @ApiOkResponse({ type: [ReminderRecordDto] })
  @Authenticated({ permission: 'review.inbox' })
  reminders(@Query() q: PeriodQueryDto, @CurrentUser() user: AuthUser) {
    return this.inbox.reminderHistory(user, q.periodCode);
  }

  @ApiOperation({ summary: '催报 · Send reminders' })
  @Post('reminders')
  @ApiOkResponse({ type: RemindersResultDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.inbox' })
  remind(@Body() dto: RemindersDto, @CurrentUser() user: AuthUser) {
    return this.inbox.remind(user, dto.periodCode, dto.enterpriseIds);
  }
}

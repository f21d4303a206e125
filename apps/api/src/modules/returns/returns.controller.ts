import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReturnDetailDto, ReturnRevisionDto, ReturnRowDto, SubmittedReturnDto } from '../../core/http/response-dtos';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { ApiFile } from '../../core/http/api-file';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { attachmentDisposition } from '../../core/http/attachment';
import { ListQuery, listPage, type ListParams } from '../../core/http/list-query';
import { RateLimit } from '../../core/http/rate-limits';
import { Int4Pipe, UuidPipe } from '../../core/validation/pipes';
import { OpenReturnDto, SaveDraftDto, VersionDto } from './returns.dto';
import { RETURN_LIST } from './returns.list';
import { ReturnsService } from './returns.service';

@ApiTags('returns')
@Controller('returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  @ApiOperation({ summary: '报表 · Returns' })
  @Get()
  @ApiOkResponse({ type: [ReturnRowDto] })
  @Authenticated({ permission: 'returns.read' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(RETURN_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.returns.rowViews(await listPage(this.returns.scoped(user), params, RETURN_LIST, res));
  }

  /** Opens the caller's firm's return for a period: 201 when created, 200 with the existing one otherwise. */
  @ApiOperation({ summary: "打开报表 · Open (or find) the firm's return for a period" })
  @Post()
  @ApiCreatedResponse({ type: ReturnDetailDto, description: 'opened' })
  @ApiOkResponse({ type: ReturnDetailDto, description: 'already open' })
  @Authenticated({ permission: 'returns.edit' })
  async open(@Body() dto: OpenReturnDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const { created, id } = await this.returns.open(user, dto.periodCode);
    res.status(created ? 201 : 200);
    return this.returns.detail(user, id);
  }

  @ApiOperation({ summary: '报表详情 · One return with its content and revisions' })
  @Get(':id')
  @ApiOkResponse({ type: ReturnDetailDto })
  @Authenticated({ permission: 'returns.read' })
  getOne(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.returns.viewDetail(user, id);
  }

  @ApiOperation({ summary: '保存草稿 · Save the draft' })
  @Put(':id/draft')
  @ApiOkResponse({ type: ReturnDetailDto })
  @Authenticated({ permission: 'returns.edit' })
  saveDraft(@Param('id', UuidPipe) id: string, @Body() dto: SaveDraftDto, @CurrentUser() user: AuthUser) {
    return this.returns.saveDraft(user, id, dto.content, dto.version);
  }

  @ApiOperation({ summary: '复制上期 · Start from the previous quarter' })
  @Post(':id/copy-previous')
  @ApiOkResponse({ type: ReturnDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  copyPrevious(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.returns.copyPrevious(user, id, dto.version);
  }

  @ApiOperation({ summary: '本期无业务 · File a zero return' })
  @Post(':id/zero')
  @ApiOkResponse({ type: SubmittedReturnDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.submit' })
  zero(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.returns.zero(user, id, dto.version);
  }

  @ApiOperation({ summary: '上报 · Submit the return' })
  @Post(':id/submit')
  @ApiOkResponse({ type: SubmittedReturnDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.submit' })
  submit(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.returns.submit(id, user, dto.version);
  }

  /** The receipt (回执) of the latest submission, as a PDF to keep or print. */
  @ApiOperation({ summary: '回执 · The submission receipt (PDF)' })
  @Get(':id/receipt')
  @ApiFile('application/pdf')
  @Authenticated({ permission: 'returns.read' })
  @RateLimit('downloads')
  async receipt(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    const { receiptNo, pdf } = await this.returns.receipt(user, id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: attachmentDisposition(`回执-${receiptNo}.pdf`, `receipt-${receiptNo}.pdf`),
    });
  }

  @ApiOperation({ summary: '报表版本 · One revision with its content' })
  @Get(':id/revisions/:rev')
  @ApiOkResponse({ type: ReturnRevisionDto })
  @Authenticated({ permission: 'returns.read' })
  revision(@Param('id', UuidPipe) id: string, @Param('rev', Int4Pipe) rev: number, @CurrentUser() user: AuthUser) {
    return this.returns.revision(user, id, rev);
  }
}

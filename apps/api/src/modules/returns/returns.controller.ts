import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
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

  @Get()
  @Authenticated({ permission: 'returns.read' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(RETURN_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.returns.rowViews(await listPage(this.returns.scoped(user), params, RETURN_LIST, res));
  }

  /** Opens the caller's firm's return for a period: 201 when created, 200 with the existing one otherwise. */
  @Post()
  @Authenticated({ permission: 'returns.edit' })
  async open(@Body() dto: OpenReturnDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const { created, id } = await this.returns.open(user, dto.periodCode);
    res.status(created ? 201 : 200);
    return this.returns.detail(user, id);
  }

  @Get(':id')
  @Authenticated({ permission: 'returns.read' })
  getOne(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.returns.viewDetail(user, id);
  }

  @Put(':id/draft')
  @Authenticated({ permission: 'returns.edit' })
  saveDraft(@Param('id', UuidPipe) id: string, @Body() dto: SaveDraftDto, @CurrentUser() user: AuthUser) {
    return this.returns.saveDraft(user, id, dto.content, dto.version);
  }

  @Post(':id/copy-previous')
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  copyPrevious(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.returns.copyPrevious(user, id, dto.version);
  }

  @Post(':id/zero')
  @HttpCode(200)
  @Authenticated({ permission: 'returns.submit' })
  zero(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.returns.zero(user, id, dto.version);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Authenticated({ permission: 'returns.submit' })
  submit(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.returns.submit(id, user, dto.version);
  }

  /** The receipt (回执) of the latest submission, as a PDF to keep or print. */
  @Get(':id/receipt')
  @Authenticated({ permission: 'returns.read' })
  @RateLimit('downloads')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: '回执 PDF', schema: { type: 'string', format: 'binary' } })
  async receipt(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    const { receiptNo, pdf } = await this.returns.receipt(user, id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: attachmentDisposition(`回执-${receiptNo}.pdf`, `receipt-${receiptNo}.pdf`),
    });
  }

  @Get(':id/revisions/:rev')
  @Authenticated({ permission: 'returns.read' })
  revision(@Param('id', UuidPipe) id: string, @Param('rev', Int4Pipe) rev: number, @CurrentUser() user: AuthUser) {
    return this.returns.revision(user, id, rev);
  }
}

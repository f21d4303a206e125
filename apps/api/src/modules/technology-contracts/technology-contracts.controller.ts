import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TechnologyContractDetailDto, TechnologyContractListRowDto } from '../../core/http/response-dtos';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { ApiFile } from '../../core/http/api-file';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { attachmentDisposition } from '../../core/http/attachment';
import { ListQuery, listPage, type ListParams } from '../../core/http/list-query';
import { RateLimit } from '../../core/http/rate-limits';
import { UuidPipe } from '../../core/validation/pipes';
import { VersionDto } from '../returns/returns.dto';
import {
  AttachmentQueryDto,
  ContractExplainDto,
  ContractNoteDto,
  ContractReasonDto,
  ContractReturnDto,
  CreateContractDto,
  SaveContractDto,
} from './technology-contracts.dto';
import { CONTRACT_LIST } from './technology-contracts.list';
import { TechnologyContractsService } from './technology-contracts.service';

/**
 * Technology contract registration (DOMAIN.md §8). The firm: create, autosave, submit, explain, change, cancel,
 * attach, download the certificate. The city of the firm's territory: register or return; the province: send back.
 */
@ApiTags('technology-contracts')
@Controller('technology-contracts')
export class TechnologyContractsController {
  constructor(private readonly contracts: TechnologyContractsService) {}

  /** The caller's contracts (a firm: its own; a city: its territory's; the province: all of it). */
  @ApiOperation({ summary: '技术合同 · Technology contracts' })
  @Get()
  @ApiOkResponse({ type: [TechnologyContractListRowDto] })
  @Authenticated({ permission: 'returns.read' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(CONTRACT_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return (await listPage(this.contracts.scoped(user), params, CONTRACT_LIST, res)).map((r) =>
      this.contracts.rowView(r),
    );
  }

  @ApiOperation({ summary: '新建技术合同 · Create a technology contract' })
  @Post()
  @ApiCreatedResponse({ type: TechnologyContractDetailDto })
  @Authenticated({ permission: 'returns.edit' })
  create(@Body() dto: CreateContractDto, @CurrentUser() user: AuthUser) {
    return this.contracts.create(user, dto.content);
  }

  @ApiOperation({ summary: '技术合同详情 · One technology contract' })
  @Get(':id')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @Authenticated({ permission: 'returns.read' })
  getOne(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.contracts.detail(user, id);
  }

  @ApiOperation({ summary: '保存合同草稿 · Save the contract draft' })
  @Put(':id/draft')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @Authenticated({ permission: 'returns.edit' })
  save(@Param('id', UuidPipe) id: string, @Body() dto: SaveContractDto, @CurrentUser() user: AuthUser) {
    return this.contracts.saveDraft(user, id, dto.content, dto.version);
  }

  @ApiOperation({ summary: '提交登记 · File the contract for registration' })
  @Post(':id/submit')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.submit' })
  submit(@Param('id', UuidPipe) id: string, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.contracts.submit(user, id, dto.version);
  }

  @ApiOperation({ summary: '填写说明 · Explain a finding' })
  @Post(':id/explanations')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  explain(@Param('id', UuidPipe) id: string, @Body() dto: ContractExplainDto, @CurrentUser() user: AuthUser) {
    return this.contracts.explain(user, id, dto.version, dto.findingId, dto.text, dto.reasonCode);
  }

  /** 变更: a new version of a registered contract, with its reason. */
  @ApiOperation({ summary: '合同变更 · Change a registered contract' })
  @Post(':id/change')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  change(@Param('id', UuidPipe) id: string, @Body() dto: ContractReasonDto, @CurrentUser() user: AuthUser) {
    return this.contracts.changeOrCancel(user, id, dto.version, 'change', dto.reason);
  }

  /** 注销: a cancellation version of a registered contract, with its reason. */
  @ApiOperation({ summary: '合同注销 · Cancel a registered contract' })
  @Post(':id/cancel')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  cancel(@Param('id', UuidPipe) id: string, @Body() dto: ContractReasonDto, @CurrentUser() user: AuthUser) {
    return this.contracts.changeOrCancel(user, id, dto.version, 'cancel', dto.reason);
  }

  @ApiOperation({ summary: '登记 · Register the contract' })
  @Post(':id/register')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.municipal' })
  register(@Param('id', UuidPipe) id: string, @Body() dto: ContractNoteDto, @CurrentUser() user: AuthUser) {
    return this.contracts.register(user, id, dto.version, dto.note);
  }

  @ApiOperation({ summary: '退回企业 · Return the contract to the firm' })
  @Post(':id/return')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.municipal' })
  returnToFirm(@Param('id', UuidPipe) id: string, @Body() dto: ContractReturnDto, @CurrentUser() user: AuthUser) {
    return this.contracts.returnToFirm(user, id, dto.version, dto.reason, dto.comments ?? []);
  }

  @ApiOperation({ summary: '退回市级 · Send the contract back to the city' })
  @Post(':id/send-back')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'review.provincial' })
  sendBack(@Param('id', UuidPipe) id: string, @Body() dto: ContractReasonDto, @CurrentUser() user: AuthUser) {
    return this.contracts.sendBack(user, id, dto.version, dto.reason);
  }

  /** 登记证书 of the registered version (number, content, SHA-256), as a PDF like the return's receipt. */
  @ApiOperation({ summary: '登记证书 · The registration certificate (PDF)' })
  @Get(':id/certificate')
  @ApiFile('application/pdf')
  @Authenticated({ permission: 'returns.read' })
  @RateLimit('downloads')
  async certificate(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    const { registrationNo, pdf } = await this.contracts.certificate(user, id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: attachmentDisposition(`技术合同登记证书-${registrationNo}.pdf`, `certificate-${registrationNo}.pdf`),
    });
  }

  /** The contract scan (.pdf, .jpg, .png) of the current draft version, replacing an earlier one. */
  @ApiOperation({ summary: '上传合同扫描件 · Upload the contract scan' })
  @Post(':id/attachment')
  @ApiOkResponse({ type: TechnologyContractDetailDto })
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @Authenticated({ permission: 'returns.edit' })
  @RateLimit('imports')
  @UseInterceptors(FileInterceptor('file'))
  attach(
    @Param('id', UuidPipe) id: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer; size: number } | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.contracts.attach(user, id, file);
  }

  @ApiOperation({ summary: '下载合同扫描件 · Download the contract scan' })
  @Get(':id/attachment')
  @ApiFile('application/pdf', 'image/jpeg', 'image/png')
  @Authenticated({ permission: 'returns.read' })
  @RateLimit('downloads')
  async attachment(
    @Param('id', UuidPipe) id: string,
    @Query() q: AttachmentQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const a = await this.contracts.attachment(user, id, q.version);
    res.setHeader('Content-Type', a.contentType);
    // The firm's own file name; the ASCII fallback keeps its extension.
    const ext = /\.[a-z0-9]{1,8}$/i.exec(a.fileName)?.[0] ?? '';
    res.setHeader('Content-Disposition', attachmentDisposition(a.fileName, `attachment-${id.slice(0, 8)}${ext}`));
    res.end(a.data);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { RuleCatalogue, RuleCatalogueEntry } from '@portal/rules';
import type { FailedJob } from '@portal/shared';
import {
  FailedJobDto,
  FindingViewDto,
  RuleCatalogueDto,
  RuleCatalogueEntryDto,
  RuleImpactPreviewDto,
  ValidationViewDto,
} from '../../core/http/response-dtos';
import type { Response } from 'express';
import { attachmentDisposition } from '../../core/http/attachment';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { ListQuery, listFilter, type ListParams, type ListSpec } from '../../core/http/list-query';
import { SlugPipe, UuidPipe } from '../../core/validation/pipes';
import { currentPeriod, RulesService } from './rules.service';
import { ExplainDto, RuleOverrideDto, RulesQueryDto } from './validation.dto';
import { ValidationService } from './validation.service';

/**
 * Failed validation jobs live in the queue, not in a table: the list is sorted and filtered by the service (a job's
 * id is its return and revision); the SQL of `apply` is never run.
 */
const FAILED_JOB_LIST: ListSpec<never> = {
  resource: 'failed-jobs',
  sortable: { id: 'id', failedAt: 'failedAt' },
  defaultSort: ['failedAt', 'DESC'],
  filters: { id: listFilter('text', () => undefined) },
};

@ApiTags('validation')
@ApiExtraModels(RuleCatalogueDto)
@Controller()
export class ValidationController {
  constructor(
    private readonly validation: ValidationService,
    private readonly rules: RulesService,
  ) {}

  /** The latest revision's validation: status, progress, queue position while waiting, findings. */
  @ApiOperation({ summary: "审核校验结果 · The latest revision's validation" })
  @Get('returns/:id/validation')
  @ApiOkResponse({ type: ValidationViewDto })
  @Authenticated({ permission: 'returns.read' })
  validationOf(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.validation.viewFor(user, id);
  }

  @ApiOperation({ summary: '填写说明 · Explain a finding' })
  @Post('returns/:id/findings/:findingId/explain')
  @ApiOkResponse({ type: FindingViewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'returns.edit' })
  explain(
    @Param('id', UuidPipe) id: string,
    @Param('findingId', UuidPipe) findingId: string,
    @Body() dto: ExplainDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.validation.explain(user, id, findingId, dto.reasonCode, dto.text);
  }

  /** Failed validation jobs (the ra-data-simple-rest list contract, from the queue; newest first by default). */
  @ApiOperation({ summary: '失败的校验任务 · Failed validation jobs' })
  @Get('validation/failed-jobs')
  @ApiOkResponse({ type: [FailedJobDto] })
  @Authenticated({ permission: 'queues.view' })
  async failedJobs(
    @ListQuery(FAILED_JOB_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FailedJob[]> {
    const { range } = params;
    const { total, rows } = await this.validation.failedJobs(params);
    const end = rows.length ? range[0] + rows.length - 1 : range[0];
    res.setHeader('Content-Range', `failed-jobs ${range[0]}-${end}/${total}`);
    return rows;
  }

  /** The rule catalogue with each rule's setting for `period` (default: the quarter being filed); csv or xlsx. */
  @ApiOperation({ summary: '审核规则 · The rule catalogue' })
  @Get('rules')
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'JSON by default; `format=csv` or `format=xlsx`: the catalogue as a file (an attachment)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(RuleCatalogueDto) } },
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  @Authenticated({ permission: 'rules.read' })
  async catalogue(@Query() query: RulesQueryDto): Promise<RuleCatalogue | StreamableFile> {
    const period = query.period ?? currentPeriod();
    if (query.format === 'csv') {
      return new StreamableFile(await this.rules.csv(period), {
        type: 'text/csv; charset=utf-8',
        disposition: attachmentDisposition(`校验规则-${period}.csv`, `rules-${period}.csv`),
      });
    }
    if (query.format === 'xlsx') {
      return new StreamableFile(await this.rules.xlsx(period), {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        disposition: attachmentDisposition(`校验规则-${period}.xlsx`, `rules-${period}.xlsx`),
      });
    }
    return this.rules.catalogue(period);
  }

  @ApiOperation({ summary: "调整规则 · Override a rule's setting" })
  @Put('rules/:id/override')
  @ApiOkResponse({ type: RuleCatalogueEntryDto })
  @Authenticated({ permission: 'rules.manage' })
  override(
    @Param('id', SlugPipe) id: string,
    @Body() dto: RuleOverrideDto,
    @CurrentUser() user: AuthUser,
  ): Promise<RuleCatalogueEntry> {
    return this.rules.setOverride(id, dto, user);
  }

  /** How many returns of the current period would flip between passing and blocked with this override. */
  @ApiOperation({ summary: "预览规则调整 · Preview a rule override's effect" })
  @Post('rules/:id/preview')
  @ApiOkResponse({ type: RuleImpactPreviewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'rules.manage' })
  preview(@Param('id', SlugPipe) id: string, @Body() dto: RuleOverrideDto) {
    return this.rules.preview(id, dto);
  }
}

import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ERRORS, problemType, type ErrorCode } from '@portal/shared';
import { Public } from '../auth/authenticated.decorator';
import { SlugPipe } from '../validation/pipes';
import { notFound } from './app-error';

export class ProblemTypeDto {
  @ApiProperty({ example: '/api/problems/NOT_FOUND' }) type!: string;
  @ApiProperty({ example: 'NOT_FOUND' }) code!: string;
  @ApiProperty({ example: 404 }) status!: number;
  /** The message template in Chinese and English; {name} stands for a detail of the occurrence. */
  @ApiProperty({ example: '{entity} 不存在或无权访问' }) message_zh!: string;
  @ApiProperty({ example: '{entity} does not exist or is not accessible' }) message_en!: string;
}

/**
 * What a problem's `type` URI points at: the code's status and message templates, so the URI in an error answer
 * (RFC 9457 §3.1.1) leads somewhere a developer can read.
 */
@ApiTags('problems')
@Controller('problems')
export class ProblemsController {
  @Get()
  @Public()
  @ApiOperation({ summary: '错误类型一览 · Every error code the API answers with (RFC 9457 problem types)' })
  @ApiOkResponse({ type: ProblemTypeDto, isArray: true })
  list(): ProblemTypeDto[] {
    return (Object.keys(ERRORS) as ErrorCode[]).map(describe);
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: '单个错误类型 · One problem type: its status and message templates' })
  @ApiOkResponse({ type: ProblemTypeDto })
  one(@Param('code', SlugPipe) code: string): ProblemTypeDto {
    // An error code of the catalogue (own keys only); another name is a problem type that does not exist.
    if (!Object.hasOwn(ERRORS, code)) throw notFound(`错误类型 ${code}`, `problem type ${code}`);
    return describe(code as ErrorCode);
  }
}

function describe(code: ErrorCode): ProblemTypeDto {
  const def = ERRORS[code];
  return { type: problemType(code), code, status: def.status, message_zh: def.zh, message_en: def.en };
}

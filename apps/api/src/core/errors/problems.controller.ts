import { Controller, Get, Param, type PipeTransform } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ERRORS, problemType, type ErrorCode } from '@portal/shared';
import { Public } from '../auth/authenticated.decorator';
import { notFound } from './app-error';

/** An error code of the catalogue; another name is a problem type that does not exist (404). */
class ErrorCodePipe implements PipeTransform<unknown, ErrorCode> {
  transform(value: unknown): ErrorCode {
    const code = String(value);
    if (!Object.hasOwn(ERRORS, code)) throw notFound(`错误类型 ${code}`, `problem type ${code}`);
    return code as ErrorCode;
  }
}

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
  @ApiOperation({ summary: 'Every error code the API answers with (RFC 9457 problem types)' })
  @ApiOkResponse({ type: ProblemTypeDto, isArray: true })
  list(): ProblemTypeDto[] {
    return (Object.keys(ERRORS) as ErrorCode[]).map(describe);
  }

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'One problem type: its status and message templates' })
  @ApiOkResponse({ type: ProblemTypeDto })
  one(@Param('code', ErrorCodePipe) code: ErrorCode): ProblemTypeDto {
    return describe(code);
  }
}

function describe(code: ErrorCode): ProblemTypeDto {
  const def = ERRORS[code];
  return { type: problemType(code), code, status: def.status, message_zh: def.zh, message_en: def.en };
}

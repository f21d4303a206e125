import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** Documents a route that answers a file (sent as an attachment) of one of these media types. */
export const ApiFile = (...mediaTypes: string[]) =>
  applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({ description: 'the file, as an attachment', schema: { type: 'string', format: 'binary' } }),
  );

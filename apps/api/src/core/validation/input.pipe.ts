import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { fieldProblems } from './field-problems';
import { assertCleanInput, assertCleanText } from './input-text';
import { parameterName } from './pipes';

interface UploadedFileLike {
  originalname: string;
}

const isUploadedFile = (v: unknown): v is UploadedFileLike =>
  typeof v === 'object' && v !== null && typeof (v as UploadedFileLike).originalname === 'string';

/**
 * The global pipe of the HTTP process, the first of every parameter's pipes: refuses text that cannot be stored
 * (NUL, lone surrogates) and prototype-named keys anywhere in a body, the query, a path parameter or an uploaded
 * file's name, naming the field; then validates DTOs with class-validator (unknown fields are refused, not
 * stripped). Typed path and query parameters are parsed by the parameter pipes after it (`./pipes`).
 */
export class InputPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', {}, fieldProblems(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') {
      if (isUploadedFile(value)) assertCleanText(value.originalname, 'file.name');
      return value;
    }
    assertCleanInput(value, parameterName(metadata));
    // Path parameters stay text for their own parsing pipe: converting '0x10' or ' 1' to a number here (as the
    // validation pipe does for a `number` parameter) would let them pass as 16 and 1.
    if (metadata.type === 'param') return value;
    return super.transform(value, metadata);
  }
}

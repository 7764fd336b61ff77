import { ArgumentMetadata, BadRequestException, Injectable, ValidationPipe } from '@nestjs/common';
import { unsafeInputProblems } from './unsafe-input';
import { fieldProblemsBody, validationErrorBody } from './validation-errors';

/**
 * Refuses what must never reach class-transformer or the database (prototype keys, runaway
 * nesting, text PostgreSQL cannot store) in bodies, query strings and path parameters, whatever
 * type the handler declares: a handler that validates its body itself gets it checked too.
 */
@Injectable()
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      // `@Param('id')` hands over the bare value: its problems are named after the parameter.
      const problems = unsafeInputProblems(value, metadata.data ?? '');
      if (problems.length > 0) throw new BadRequestException(fieldProblemsBody(problems));
    }
    return super.transform(value, metadata);
  }
}

/**
 * The global pipe: unknown fields are errors rather than silently dropped (a typo in an optional
 * field would otherwise pass unnoticed), payloads become DTO instances, and the 400 names every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(validationErrorBody(errors)),
  });
}

import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { validationErrorBody } from './validation-errors';

/**
 * The global pipe: unknown fields are errors rather than silently dropped (a typo in an optional
 * field would otherwise pass unnoticed), payloads become DTO instances, and the 400 names every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(validationErrorBody(errors)),
  });
}

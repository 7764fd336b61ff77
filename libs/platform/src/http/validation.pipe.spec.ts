import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsNumberString, IsString, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation.pipe';
import { ValidationErrorBody } from './validation-errors';

class LineRequest {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsNumberString()
  amount!: string;
}

class ContractRequest {
  @IsString()
  name!: string;

  @IsIn(['EUR', 'USD'])
  currency!: string;

  @ValidateNested({ each: true })
  @Type(() => LineRequest)
  lines!: LineRequest[];
}

async function bodyFor(value: unknown): Promise<ValidationErrorBody> {
  const sut = createValidationPipe();
  try {
    await sut.transform(value, { type: 'body', metatype: ContractRequest });
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse() as ValidationErrorBody;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

const valid = { name: 'Support', currency: 'EUR', lines: [{ name: 'Hours', amount: '10.00' }] };

describe('createValidationPipe', () => {
  it('turns a valid body into the request class', async () => {
    const result: unknown = await createValidationPipe().transform(valid, {
      type: 'body',
      metatype: ContractRequest,
    });
    expect(result).toBeInstanceOf(ContractRequest);
    expect((result as ContractRequest).lines[0]).toBeInstanceOf(LineRequest);
  });

  it('answers 400 in the documented shape', async () => {
    const body = await bodyFor({ ...valid, currency: 'XXX' });
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid field: currency',
      errors: [{ field: 'currency', problems: ['currency must be one of the following values: EUR, USD'] }],
    });
  });

  it('names every bad field with its path, nested fields included', async () => {
    const body = await bodyFor({
      name: 42,
      currency: 'EUR',
      lines: [
        { name: 'ok', amount: '1' },
        { name: '', amount: 'ten' },
      ],
    });
    expect(body.errors.map((e) => e.field)).toEqual(['name', 'lines[1].name', 'lines[1].amount']);
    expect(body.message).toBe('3 invalid fields: name, lines[1].name, lines[1].amount');
    expect(body.errors[2].problems).toEqual(['lines[1].amount must be a number string']);
  });

  it('refuses unknown fields instead of dropping them silently', async () => {
    const body = await bodyFor({ ...valid, lines: [{ ...valid.lines[0], amout: '3' }], extra: true });
    expect(body.errors.map((e) => e.field).sort()).toEqual(['extra', 'lines[0].amout']);
  });

  it('refuses a body that is not an object', async () => {
    const body = await bodyFor('just text');
    expect(body.statusCode).toBe(400);
  });

  it('never echoes the submitted values back in the error tree', async () => {
    const body = await bodyFor({ ...valid, name: { secret: 'hunter2' } });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});

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

  it('refuses prototype keys, naming them, before any class is built', async () => {
    const hostile: unknown = JSON.parse(
      '{"name":"a","currency":"EUR","lines":[],"__proto__":{"admin":true}}',
    );
    const body = await bodyFor(hostile);
    expect(body.errors).toEqual([{ field: '__proto__', problems: ['property __proto__ should not exist'] }]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses runaway nesting with a 400 instead of overflowing the stack', async () => {
    const deep: unknown = JSON.parse(
      `{"name":"a","currency":"EUR","lines":${'['.repeat(20000)}${']'.repeat(20000)}}`,
    );
    const body = await bodyFor(deep);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].field).toMatch(/^lines(\[0\])+$/);
    expect(body.errors[0].problems[0]).toMatch(/nests deeper than 32 levels/);
  });

  it('refuses text PostgreSQL cannot store as sent, naming the field', async () => {
    const body = await bodyFor({ ...valid, name: 'a\u0000b', lines: [{ name: '\ud800', amount: '1' }] });
    expect(body.errors.map((e) => e.field).sort()).toEqual(['lines[0].name', 'name']);
  });

  it('checks a body its handler validates itself', async () => {
    const sut = createValidationPipe();
    const hostile: unknown = JSON.parse('{"items":[{"constructor":{"prototype":{}}}]}');
    await expect(sut.transform(hostile, { type: 'body', metatype: Object })).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it('names a single parameter after itself', async () => {
    const sut = createValidationPipe();
    const refused = await sut
      .transform('a\u0000', { type: 'param', metatype: String, data: 'batchJobId' })
      .catch((error: BadRequestException) => error.getResponse() as ValidationErrorBody);
    expect(refused).toMatchObject({ errors: [{ field: 'batchJobId' }] });
  });
});

import { BadRequestException } from '@nestjs/common';
import { DomainError } from '@app/platform';
import { BATCH_JOB_ERROR_STATUSES, violationsError as sut } from './batch-job.errors';

describe('batch job errors over HTTP', () => {
  it('answers bad input in the validation shape, every field named', () => {
    const error = sut([
      { code: 'UNSUPPORTED_JOB_TYPE', message: 'jobType must be None', field: 'jobType' },
      { code: 'INVALID_FREQUENCY', message: 'bad', field: 'frequency' },
    ]);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({
      statusCode: 400,
      message: '2 invalid fields: jobType, frequency',
      errors: [{ field: 'jobType' }, { field: 'frequency' }],
    });
  });

  it('answers a broken name rule with its code', () => {
    const error = sut([{ code: 'NAME_MUST_CONTAIN_CREATE_INVOICES', message: 'name', field: 'name' }]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'NAME_MUST_CONTAIN_CREATE_INVOICES', details: { field: 'name' } });
  });

  it('maps rules to 422, conflicts to 409 and unknown jobs to 404', () => {
    expect(BATCH_JOB_ERROR_STATUSES).toMatchObject({
      NAME_MUST_CONTAIN_CREATE_INVOICES: 422,
      ACTIVE_INVOICE_JOB_EXISTS: 409,
      JOB_ALREADY_ACTIVE: 409,
      RUN_IN_PROGRESS: 409,
      BATCH_JOB_NOT_FOUND: 404,
    });
  });
});

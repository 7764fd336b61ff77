import { HttpStatus } from '@nestjs/common';
import { DomainErrorStatusTable } from '@app/platform';
import { BATCH_JOB_ERROR_STATUSES } from '../batch-job';

export const PROCESS_RUN_NOT_FOUND = 'PROCESS_RUN_NOT_FOUND';

/** The batch job and process run error codes and their HTTP statuses, for the service's table. */
export const PROCESS_RUN_ERROR_STATUSES: DomainErrorStatusTable = {
  ...BATCH_JOB_ERROR_STATUSES,
  [PROCESS_RUN_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

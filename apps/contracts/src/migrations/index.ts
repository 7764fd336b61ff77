import { MigrationClass } from '@app/platform';
import { CreateContractsSchema1795491284250 } from './1795491284250-create-contracts-schema.migration';

/** Every migration of the contracts schema, oldest first. Append new ones at the end. */
export const CONTRACTS_MIGRATIONS: readonly MigrationClass[] = [CreateContractsSchema1795491284250];

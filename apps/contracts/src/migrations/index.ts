import { MigrationClass } from '@app/platform';
import { eventStoreMigration } from '@app/event-store';
import { CreateContractsSchema1795491284250 } from './1795491284250-create-contracts-schema.migration';
import { CreateContractView1795491300000 } from './1795491300000-create-contract-view.migration';

/** Every migration of the contracts schema, oldest first. Append new ones at the end. */
export const CONTRACTS_MIGRATIONS: readonly MigrationClass[] = [
  CreateContractsSchema1795491284250,
  eventStoreMigration('contracts', { timestamp: 1795491290000 }),
  CreateContractView1795491300000,
];

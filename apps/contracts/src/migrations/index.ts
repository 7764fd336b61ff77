import { MigrationClass } from '@app/platform';
import { eventStoreMigration, eventStoreOrderKeyMigration, outboxParkingMigration } from '@app/event-store';
import { CreateContractsSchema1795491284250 } from './1795491284250-create-contracts-schema.migration';
import { CreateContractView1795491300000 } from './1795491300000-create-contract-view.migration';
import { ItemSharesView1795491760000 } from './1795491760000-item-shares-view.migration';
import { TakenIds1795492400000 } from './1795492400000-taken-ids.migration';

/** Every migration of the contracts schema, oldest first. Append new ones at the end. */
export const CONTRACTS_MIGRATIONS: readonly MigrationClass[] = [
  CreateContractsSchema1795491284250,
  eventStoreMigration('contracts', { timestamp: 1795491290000 }),
  CreateContractView1795491300000,
  ItemSharesView1795491760000,
  eventStoreOrderKeyMigration('contracts', { timestamp: 1795491950000 }),
  outboxParkingMigration('contracts', { timestamp: 1795492300000 }),
  TakenIds1795492400000,
];

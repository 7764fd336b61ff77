import { MigrationClass } from '@app/platform';
import { eventStoreMigration, eventStoreOrderKeyMigration, outboxParkingMigration } from '@app/event-store';
import { CreateInvoicingSchema1795491284250 } from './1795491284250-create-invoicing-schema.migration';
import { CreateInvoicingReadModel1795491300000 } from './1795491300000-create-invoicing-read-model.migration';
import { ContractProjectionState1795491400000 } from './1795491400000-contract-projection-state.migration';
import { InvoiceCorrectionsAndPaging1795491600000 } from './1795491600000-invoice-corrections-and-paging.migration';
import { BilledShares1795491760000 } from './1795491760000-billed-shares.migration';
import { ProjectionPositions1795492130000 } from './1795492130000-projection-positions.migration';
import { ProjectionRefusedEvents1795492500000 } from './1795492500000-projection-refused-events.migration';

/** Every migration of the invoicing schema, oldest first. Append new ones at the end. */
export const INVOICING_MIGRATIONS: readonly MigrationClass[] = [
  CreateInvoicingSchema1795491284250,
  eventStoreMigration('invoicing', { timestamp: 1795491290000 }),
  CreateInvoicingReadModel1795491300000,
  ContractProjectionState1795491400000,
  InvoiceCorrectionsAndPaging1795491600000,
  BilledShares1795491760000,
  eventStoreOrderKeyMigration('invoicing', { timestamp: 1795491950000 }),
  ProjectionPositions1795492130000,
  outboxParkingMigration('invoicing', { timestamp: 1795492300000 }),
  ProjectionRefusedEvents1795492500000,
];

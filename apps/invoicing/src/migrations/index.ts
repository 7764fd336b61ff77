import { MigrationClass } from '@app/platform';
import { CreateInvoicingSchema1795491284250 } from './1795491284250-create-invoicing-schema.migration';

/** Every migration of the invoicing schema, oldest first. Append new ones at the end. */
export const INVOICING_MIGRATIONS: readonly MigrationClass[] = [CreateInvoicingSchema1795491284250];

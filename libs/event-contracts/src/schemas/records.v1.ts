import type * as commands from '../commands/v1/contract-commands.v1';
import type * as contract from '../contract/v1/contract-events.v1';
import type { EventEnvelope } from '../envelope';
import type * as invoices from '../invoicing/v1/invoice-events.v1';
import type * as runs from '../invoicing/v1/process-run-events.v1';

/*
 * Every record of version 1 as it is on its topic (docs/product.md 4.2, 4.3): the envelope with its
 * type and version fixed and the frozen `data`. The JSON Schemas in libs/event-contracts/schemas are
 * generated from these types by `npm run schemas` (scripts/event-schemas.js); a test holds them to
 * the types and the golden fixtures to them. A new type or version adds its record here.
 */

/**
 * An event as its relay publishes it.
 * @additionalProperties true
 */
export interface EventRecordV1<K extends string, D> extends Omit<EventEnvelope<K, D>, 'schemaVersion'> {
  /** @format uuid */
  readonly eventId: string;
  readonly schemaVersion: 1;
  /** @minimum 1 */
  readonly streamVersion: number;
  /** @format date-time */
  readonly occurredAt: string;
}

/**
 * A command as an upstream system writes it to `contracts.commands`; no other field is accepted.
 * @additionalProperties false
 */
export interface CommandRecordV1<K extends string, D> {
  /** Applied at most once per id. @format uuid */
  readonly commandId: string;
  readonly commandType: K;
  /** Carried into the events; the command id when absent. */
  readonly correlationId?: string | null;
  readonly data: D;
}

export type ContractCreatedRecordV1 = EventRecordV1<'ContractCreated', contract.ContractCreatedV1>;
export type ContractCustomersSetRecordV1 = EventRecordV1<
  'ContractCustomersSet',
  contract.ContractCustomersSetV1
>;
export type ContractLineAddedRecordV1 = EventRecordV1<'ContractLineAdded', contract.ContractLineAddedV1>;
export type InvoiceScheduleSetRecordV1 = EventRecordV1<'InvoiceScheduleSet', contract.InvoiceScheduleSetV1>;
export type MilestoneAddedRecordV1 = EventRecordV1<'MilestoneAdded', contract.MilestoneAddedV1>;
export type MilestoneReadyForInvoicingRecordV1 = EventRecordV1<
  'MilestoneReadyForInvoicing',
  contract.MilestoneReadyForInvoicingV1
>;
export type TransactionRecordedRecordV1 = EventRecordV1<
  'TransactionRecorded',
  contract.TransactionRecordedV1
>;

export type InvoiceCreatedRecordV1 = EventRecordV1<'InvoiceCreated', invoices.InvoiceCreatedV1>;
export type InvoiceDetailsAddedRecordV1 = EventRecordV1<
  'InvoiceDetailsAdded',
  invoices.InvoiceDetailsAddedV1
>;
export type InvoiceConfirmedRecordV1 = EventRecordV1<'InvoiceConfirmed', invoices.InvoiceConfirmedV1>;
export type InvoiceCancelledRecordV1 = EventRecordV1<'InvoiceCancelled', invoices.InvoiceCancelledV1>;

export type ProcessRunStartedRecordV1 = EventRecordV1<'ProcessRunStarted', runs.ProcessRunStartedV1>;
export type ProcessRunCompletedRecordV1 = EventRecordV1<'ProcessRunCompleted', runs.ProcessRunCompletedV1>;
export type ProcessRunFailedRecordV1 = EventRecordV1<'ProcessRunFailed', runs.ProcessRunFailedV1>;

export type CreateContractRecordV1 = CommandRecordV1<'CreateContract', commands.CreateContractDataV1>;
export type SetContractCustomersRecordV1 = CommandRecordV1<
  'SetContractCustomers',
  commands.SetContractCustomersDataV1
>;
export type AddContractLineRecordV1 = CommandRecordV1<'AddContractLine', commands.AddContractLineDataV1>;
export type SetInvoiceScheduleRecordV1 = CommandRecordV1<
  'SetInvoiceSchedule',
  commands.SetInvoiceScheduleDataV1
>;
export type AddMilestoneRecordV1 = CommandRecordV1<'AddMilestone', commands.AddMilestoneDataV1>;
export type MarkMilestoneReadyForInvoicingRecordV1 = CommandRecordV1<
  'MarkMilestoneReadyForInvoicing',
  commands.MarkMilestoneReadyForInvoicingDataV1
>;
export type RecordTransactionRecordV1 = CommandRecordV1<
  'RecordTransaction',
  commands.RecordTransactionDataV1
>;

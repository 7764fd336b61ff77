/*
 * The contract module as the service's consumers see it (docs/architecture.md, "Layout rules"):
 * the Nest module, the one command handler, the command catalogue, its errors and metrics, and the
 * request bodies the command topic shares with REST.
 */
export * from './contract.module';
export * from './command-handler';
export * from './contract-commands';
export * from './contract.errors';
export * from './contract.metrics';
export { AddContractLineRequest } from './api/add-contract-line.request.dto';
export { AddMilestoneRequest } from './api/add-milestone.request.dto';
export { ContractFieldsDto } from './api/create-contract.request.dto';
export { RecordTransactionRequest } from './api/record-transaction.request.dto';
export { SetContractCustomersRequest } from './api/set-contract-customers.request.dto';
export { SetInvoiceScheduleRequest } from './api/set-invoice-schedule.request.dto';

import { ContractCustomer, TransactionClass, BillingMethod } from '@app/event-contracts';
import {
  AddContractLine,
  AddMilestone,
  CreateContract,
  MarkMilestoneReadyForInvoicing,
  RecordTransaction,
  RequestedScheduleFrequency,
  SetContractCustomers,
  SetInvoiceSchedule,
} from './domain';

/**
 * Domain commands from validated request fields, shared by the REST controllers and the command
 * topic so that both paths build exactly the same command. Fields are picked one by one: a DTO
 * instance never leaks into an event.
 */
export const contractCommands = {
  create(contractId: string, body: { name: string; customerId: string; currency: string }): CreateContract {
    const { name, customerId, currency } = body;
    return { type: 'CreateContract', data: { contractId, name, customerId, currency } };
  },

  setCustomers(contractId: string, customers: readonly ContractCustomer[]): SetContractCustomers {
    const split = customers.map(({ customerId, billingSplitPercent }) => ({
      customerId,
      billingSplitPercent,
    }));
    return { type: 'SetContractCustomers', data: { contractId, customers: split } };
  },

  addLine(
    contractId: string,
    contractLineId: string,
    body: {
      name: string;
      billingMethod: BillingMethod;
      includedTransactionClasses?: readonly TransactionClass[] | null;
      notToExceed?: string | null;
    },
  ): AddContractLine {
    const { name, billingMethod, includedTransactionClasses, notToExceed } = body;
    return {
      type: 'AddContractLine',
      data: { contractId, contractLineId, name, billingMethod, includedTransactionClasses, notToExceed },
    };
  },

  setInvoiceSchedule(
    contractId: string,
    contractLineId: string,
    body: {
      frequency?: RequestedScheduleFrequency | null;
      startDate?: string | null;
      endDate?: string | null;
      entries?: readonly { invoiceRunDate: string; transactionCutoffDate?: string | null }[] | null;
    },
  ): SetInvoiceSchedule {
    const frequency = body.frequency && { period: body.frequency.period, days: body.frequency.days };
    const entries = body.entries?.map(({ invoiceRunDate, transactionCutoffDate }) => ({
      invoiceRunDate,
      transactionCutoffDate,
    }));
    const { startDate, endDate } = body;
    return {
      type: 'SetInvoiceSchedule',
      data: { contractId, contractLineId, frequency, startDate, endDate, entries },
    };
  },

  addMilestone(
    contractId: string,
    contractLineId: string,
    milestoneId: string,
    body: { name: string; milestoneDate: string; amount: string },
  ): AddMilestone {
    const { name, milestoneDate, amount } = body;
    return {
      type: 'AddMilestone',
      data: { contractId, contractLineId, milestoneId, name, milestoneDate, amount },
    };
  },

  markMilestoneReady(
    contractId: string,
    contractLineId: string,
    milestoneId: string,
  ): MarkMilestoneReadyForInvoicing {
    return { type: 'MarkMilestoneReadyForInvoicing', data: { contractId, contractLineId, milestoneId } };
  },

  recordTransaction(
    contractId: string,
    contractLineId: string,
    transactionId: string,
    body: {
      transactionClass: TransactionClass;
      transactionDate: string;
      quantity: string;
      unitPrice: string;
      description?: string | null;
      resourceRole?: string | null;
    },
  ): RecordTransaction {
    const { transactionClass, transactionDate, quantity, unitPrice, description, resourceRole } = body;
    return {
      type: 'RecordTransaction',
      data: {
        contractId,
        contractLineId,
        transactionId,
        transactionClass,
        transactionDate,
        quantity,
        unitPrice,
        description: description ?? null,
        resourceRole: resourceRole ?? null,
      },
    };
  },
};

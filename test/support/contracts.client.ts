import { BillingMethod, MilestoneStatus, TransactionClass } from '@app/event-contracts';
import { waitFor } from '@app/testing';
import { HttpClient } from './http-client';

/* The contracts REST API (docs/product.md 4.4) as a client sees it. */

export interface CustomerSplit {
  readonly customerId: string;
  readonly billingSplitPercent: string;
}

export interface ScheduleEntryView {
  readonly invoiceRunDate: string;
  readonly transactionCutoffDate: string;
  readonly runStatus: 'RunSuccessful' | null;
}

/** One customer's share of a billed milestone: the invoice that holds it. */
export interface MilestoneShareView {
  readonly customerId: string;
  readonly status: 'InvoiceCreated' | 'InvoicePosted';
  readonly invoiceId: string;
  readonly invoiceNumber: string;
}

export interface MilestoneView {
  readonly milestoneId: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
  readonly status: MilestoneStatus;
  readonly invoiceId: string | null;
  readonly invoiceNumber: string | null;
  readonly shares: MilestoneShareView[];
}

export interface ContractLineView {
  readonly contractLineId: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses: TransactionClass[];
  readonly notToExceed: string | null;
  readonly invoiceSchedule: { readonly entries: ScheduleEntryView[] } | null;
  readonly milestones: MilestoneView[];
  readonly transactions: { readonly unbilled: number; readonly billed: number; readonly posted: number };
}

export interface ContractView {
  readonly contractId: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
  readonly customers: CustomerSplit[];
  readonly lines: ContractLineView[];
  readonly version: number;
}

export interface CreateContractBody {
  readonly contractId?: string;
  readonly name: string;
  readonly customerId: string;
  readonly currency: string;
}

export interface AddLineBody {
  readonly contractLineId?: string;
  readonly name: string;
  readonly billingMethod: BillingMethod;
  readonly includedTransactionClasses?: TransactionClass[];
  readonly notToExceed?: string | null;
}

export type InvoiceScheduleBody =
  | {
      readonly frequency: {
        readonly period: 'Daily' | 'Weekly' | 'Biweekly' | 'Monthly';
        readonly days?: unknown;
      };
      readonly startDate: string;
      readonly endDate: string;
    }
  | { readonly entries: { readonly invoiceRunDate: string; readonly transactionCutoffDate?: string }[] };

export interface AddMilestoneBody {
  readonly milestoneId?: string;
  readonly name: string;
  readonly milestoneDate: string;
  readonly amount: string;
}

export interface RecordTransactionBody {
  readonly transactionId?: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly description?: string | null;
  readonly resourceRole?: string | null;
}

/** One customer's share of a billed transaction: the invoice that holds it. */
export interface TransactionShareView {
  readonly customerId: string;
  readonly billingStatus: 'Billed' | 'Posted';
  readonly invoiceId: string;
  readonly invoiceNumber: string;
}

export interface TransactionView extends Required<RecordTransactionBody> {
  readonly contractLineId: string;
  readonly amount: string;
  readonly billingStatus: string;
  readonly invoiceId: string | null;
  readonly shares: TransactionShareView[];
}

interface Versioned {
  readonly contractId: string;
  readonly version: number;
}

export class ContractsClient {
  /** The highest stream version seen per contract: what the invoicing projection must reach. */
  private readonly versions = new Map<string, number>();

  constructor(readonly http: HttpClient) {}

  /** Events written to every contract this client has seen (the sum of their stream versions). */
  get eventsWritten(): number {
    return [...this.versions.values()].reduce((total, version) => total + version, 0);
  }

  createContract(body: CreateContractBody): Promise<ContractView> {
    return this.write('POST', '/contracts', 201, body);
  }

  getContract(contractId: string): Promise<ContractView> {
    return this.write('GET', `/contracts/${contractId}`, 200);
  }

  /**
   * The contract once `settled(view)` holds. The contracts service learns of invoices from the
   * invoices topic, so what it shows about billing lags the invoicing service by a moment.
   */
  async contractWhen(
    contractId: string,
    settled: (view: ContractView) => boolean,
    description = 'the contract view to settle',
  ): Promise<ContractView> {
    let last: ContractView | undefined;
    try {
      return await waitFor(
        async () => ((last = await this.getContract(contractId)), settled(last) ? last : null),
        {
          timeoutMs: 20_000,
          intervalMs: 200,
          description,
        },
      );
    } catch (error) {
      throw new Error(`${String(error)}; last seen: ${JSON.stringify(last)}\n${this.http.diagnostics()}`);
    }
  }

  /** The contract's transactions in recording order (one page of up to 1,000). */
  async transactionsOf(contractId: string): Promise<TransactionView[]> {
    const page = await this.http.call<{ transactions: TransactionView[] }>(
      'GET',
      `/contracts/${contractId}/transactions?limit=1000`,
      200,
    );
    return page.transactions;
  }

  addLine(contractId: string, body: AddLineBody): Promise<ContractLineView & Versioned> {
    return this.write('POST', `/contracts/${contractId}/lines`, 201, body);
  }

  setCustomers(contractId: string, customers: CustomerSplit[]): Promise<Versioned> {
    return this.write('PUT', `/contracts/${contractId}/customers`, 200, { customers });
  }

  setInvoiceSchedule(
    contractId: string,
    lineId: string,
    body: InvoiceScheduleBody,
  ): Promise<{ entries: ScheduleEntryView[] } & Versioned> {
    return this.write('PUT', `/contracts/${contractId}/lines/${lineId}/invoice-schedule`, 200, body);
  }

  addMilestone(
    contractId: string,
    lineId: string,
    body: AddMilestoneBody,
  ): Promise<MilestoneView & Versioned> {
    return this.write('POST', `/contracts/${contractId}/lines/${lineId}/milestones`, 201, body);
  }

  markMilestoneReady(
    contractId: string,
    lineId: string,
    milestoneId: string,
  ): Promise<MilestoneView & Versioned> {
    const path = `/contracts/${contractId}/lines/${lineId}/milestones/${milestoneId}/ready-for-invoicing`;
    return this.write('POST', path, 200);
  }

  recordTransaction(
    contractId: string,
    lineId: string,
    body: RecordTransactionBody,
  ): Promise<TransactionView & Versioned> {
    return this.write('POST', `/contracts/${contractId}/lines/${lineId}/transactions`, 201, body);
  }

  recordTransactions(
    contractId: string,
    transactions: (RecordTransactionBody & { contractLineId: string })[],
  ): Promise<{ transactions: TransactionView[] } & Versioned> {
    return this.write('POST', `/contracts/${contractId}/transactions/batch`, 201, { transactions });
  }

  private async write<T extends Partial<Versioned>>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    expected: number,
    body?: unknown,
  ): Promise<T> {
    const answer = await this.http.call<T>(method, path, expected, body);
    if (typeof answer.contractId === 'string' && typeof answer.version === 'number') {
      this.versions.set(
        answer.contractId,
        Math.max(this.versions.get(answer.contractId) ?? 0, answer.version),
      );
    }
    return answer;
  }
}

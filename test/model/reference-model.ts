/**
 * A small in-memory reference model of the invoice run rules (docs/product.md 3.1-3.5, 3.9-3.12), written
 * from the rules and not from the product's code, so the model-based test can compare the two.
 *
 * It knows only what a sequence does: contracts with customer splits, time-and-material lines with
 * schedule entries and transactions, fixed-price lines with milestones, runs, and confirm, cancel
 * and correct. Days are whole days from the start of the sequence's window; amounts are exact minor
 * units. Not modelled: not-to-exceed, transaction classes, chargeability, draft edits.
 */

export interface ModelCustomer {
  readonly customerId: string;
  /** Percent as the API takes it, e.g. "60" or "33.33". */
  readonly percent: string;
}

export interface ModelEntry {
  readonly runDay: number;
  readonly cutoffDay: number;
  status: 'NotRun' | 'RunSuccessful';
}

export interface ModelItem {
  readonly kind: 'Transaction' | 'Milestone';
  readonly id: string;
  readonly day: number;
  readonly amountMinor: bigint;
  /** Milestones only: made ReadyForInvoicing. */
  ready: boolean;
  /** The standing model invoice of each customer's share, by customer id. */
  readonly billedTo: Map<string, string>;
}

export interface ModelLine {
  readonly lineId: string;
  readonly billingMethod: 'TimeAndMaterial' | 'FixedPrice';
  /** T&M only; empty: the line has no schedule and is never invoiced (3.4). */
  readonly entries: ModelEntry[];
  readonly items: ModelItem[];
}

export interface ModelContract {
  readonly contractId: string;
  readonly customers: readonly ModelCustomer[];
  readonly lines: ModelLine[];
}

export type ModelInvoiceStatus = 'Draft' | 'Confirmed' | 'Cancelled';

export interface ModelInvoice {
  readonly modelId: string;
  readonly contractId: string;
  readonly customerId: string;
  readonly runDay: number;
  /** Billed item ids, sorted. */
  readonly itemIds: readonly string[];
  /** Schedule entries this invoice's run marked processed for its lines (3.12: due again on cancel). */
  readonly covers: readonly ModelEntry[];
  readonly correctsModelId: string | null;
  status: ModelInvoiceStatus;
  corrected: boolean;
}

/** Why a customer's share of an item is on no standing invoice at the end of a sequence. */
export type UnbilledReason =
  | 'no schedule'
  | 'milestone not ready'
  | 'not due by the last run'
  | 'after the cut-off of every processed entry'
  | 'never run';

let nextModelId = 0;

export class ReferenceModel {
  readonly contracts: ModelContract[] = [];
  readonly invoices: ModelInvoice[] = [];
  private lastRunDay: number | null = null;

  addContract(contract: ModelContract): void {
    this.contracts.push(contract);
  }

  /** The invoices a run on `runDay` creates (3.1-3.3, 3.10), with the model's state moved on. */
  run(runDay: number): ModelInvoice[] {
    this.lastRunDay = this.lastRunDay === null ? runDay : Math.max(this.lastRunDay, runDay);
    const created: ModelInvoice[] = [];
    for (const contract of this.contracts) {
      // Per line, what a run on runDay processes: the due entries and the effective one (3.1).
      const due = new Map<ModelLine, { entries: ModelEntry[]; cutoffDay: number; runDay: number }>();
      for (const line of contract.lines) {
        if (line.billingMethod !== 'TimeAndMaterial') continue;
        const entries = line.entries.filter((entry) => entry.status === 'NotRun' && entry.runDay <= runDay);
        if (entries.length === 0) continue;
        const effective = entries.reduce((a, b) => (b.runDay > a.runDay ? b : a));
        due.set(line, { entries, cutoffDay: effective.cutoffDay, runDay: effective.runDay });
      }
      // Per fixed-price line, its due milestones (ready, dated by the run, some customer's share
      // unbilled) and its effective run date, the latest of them, the same for every customer (3.2).
      const dueMilestones = new Map<ModelLine, { items: ModelItem[]; runDay: number }>();
      for (const line of contract.lines) {
        if (line.billingMethod !== 'FixedPrice') continue;
        const items = line.items.filter(
          (item) =>
            item.ready &&
            item.day <= runDay &&
            contract.customers.some((customer) => !item.billedTo.has(customer.customerId)),
        );
        if (items.length > 0)
          dueMilestones.set(line, { items, runDay: Math.max(...items.map((item) => item.day)) });
      }
      for (const customer of contract.customers) {
        const groups = new Map<number, { items: ModelItem[]; covers: ModelEntry[] }>();
        const group = (day: number) => {
          const existing = groups.get(day) ?? { items: [], covers: [] };
          groups.set(day, existing);
          return existing;
        };
        for (const line of contract.lines) {
          const unbilled = (item: ModelItem) => !item.billedTo.has(customer.customerId);
          if (line.billingMethod === 'TimeAndMaterial') {
            const processing = due.get(line);
            if (processing === undefined) continue;
            const items = line.items.filter((item) => unbilled(item) && item.day <= processing.cutoffDay);
            const into = group(processing.runDay);
            into.items.push(...items);
            into.covers.push(...processing.entries);
          } else {
            const processing = dueMilestones.get(line);
            const items = processing?.items.filter(unbilled) ?? [];
            if (processing === undefined || items.length === 0) continue;
            group(processing.runDay).items.push(...items);
          }
        }
        for (const [day, { items, covers }] of groups) {
          if (items.length === 0) continue;
          const invoice: ModelInvoice = {
            modelId: `model-${++nextModelId}`,
            contractId: contract.contractId,
            customerId: customer.customerId,
            runDay: day,
            itemIds: items.map((item) => item.id).sort(),
            covers,
            correctsModelId: null,
            status: 'Draft',
            corrected: false,
          };
          for (const item of items) item.billedTo.set(customer.customerId, invoice.modelId);
          created.push(invoice);
        }
      }
      for (const processing of due.values()) {
        for (const entry of processing.entries) entry.status = 'RunSuccessful';
      }
    }
    this.invoices.push(...created);
    return created;
  }

  /** Confirm posts a draft; anything else is refused (409). Returns whether it was allowed. */
  confirm(invoice: ModelInvoice): boolean {
    if (invoice.status !== 'Draft') return false;
    invoice.status = 'Confirmed';
    return true;
  }

  /** Cancel of a draft returns its customer's shares and makes its entries due again (3.12). */
  cancel(invoice: ModelInvoice): boolean {
    if (invoice.status !== 'Draft' || invoice.correctsModelId !== null) return false;
    invoice.status = 'Cancelled';
    for (const item of this.itemsOf(invoice.contractId)) {
      if (item.billedTo.get(invoice.customerId) === invoice.modelId) item.billedTo.delete(invoice.customerId);
    }
    for (const entry of invoice.covers) entry.status = 'NotRun';
    return true;
  }

  /** A confirmed invoice is corrected once, by a crediting draft; its items stay billed. */
  correct(invoice: ModelInvoice): ModelInvoice | null {
    if (invoice.status !== 'Confirmed' || invoice.corrected || invoice.correctsModelId !== null) return null;
    invoice.corrected = true;
    const corrective: ModelInvoice = {
      ...invoice,
      modelId: `model-${++nextModelId}`,
      covers: [],
      correctsModelId: invoice.modelId,
      status: 'Draft',
      corrected: false,
    };
    this.invoices.push(corrective);
    return corrective;
  }

  itemsOf(contractId: string): ModelItem[] {
    const contract = this.contracts.find((each) => each.contractId === contractId);
    return contract?.lines.flatMap((line) => line.items) ?? [];
  }

  lineOf(itemId: string): { contract: ModelContract; line: ModelLine; item: ModelItem } {
    for (const contract of this.contracts) {
      for (const line of contract.lines) {
        const item = line.items.find((each) => each.id === itemId);
        if (item) return { contract, line, item };
      }
    }
    throw new Error(`the model has no item ${itemId}`);
  }

  /** An invoice is standing when it is a Draft or Confirmed original (not a corrective credit). */
  standing(invoice: ModelInvoice): boolean {
    return invoice.status !== 'Cancelled' && invoice.correctsModelId === null;
  }

  /** Why a customer's share of an item is on no standing invoice (3.1, 3.2, 3.4). */
  unbilledReason(itemId: string): UnbilledReason {
    const { line, item } = this.lineOf(itemId);
    if (this.lastRunDay === null) return 'never run';
    if (line.billingMethod === 'FixedPrice') {
      return item.ready ? 'not due by the last run' : 'milestone not ready';
    }
    if (line.entries.length === 0) return 'no schedule';
    const processed = line.entries.filter((entry) => entry.status === 'RunSuccessful');
    if (processed.some((entry) => item.day <= entry.cutoffDay)) return 'not due by the last run';
    return processed.length > 0 ? 'after the cut-off of every processed entry' : 'not due by the last run';
  }
}

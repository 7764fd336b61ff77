import { randomUUID } from 'crypto';
import { E2eSystem, InvoiceView } from '../support';
import {
  amountCents,
  ContractPlan,
  dayOf,
  decimalOfHundredths,
  SequencePlan,
  TransactionPlan,
} from './model-portfolio';
import { ModelContract, ModelInvoice, ModelItem, ModelLine, ReferenceModel } from './reference-model';

/** What the sequences of one test file did, so the file can show the commands were exercised. */
export class ModelCoverage {
  sequences = 0;
  splitSequences = 0;
  runs = 0;
  invoices = 0;
  confirms = 0;
  cancels = 0;
  cancelsOfSplitShares = 0;
  cancelsReopeningLastEntry = 0;
  refusedCommands = 0;
  corrections = 0;
  kills = 0;
  sharesBilledAgain = 0;
  readonly unbilledReasons = new Map<string, number>();

  summary(): string {
    const reasons = [...this.unbilledReasons].map(([reason, count]) => `${reason}: ${count}`).join(', ');
    return (
      `${this.sequences} sequences (${this.splitSequences} with splits), ${this.runs} runs, ` +
      `${this.invoices} invoices, ${this.confirms} confirms, ${this.cancels} cancels ` +
      `(${this.cancelsOfSplitShares} of a split share, ${this.cancelsReopeningLastEntry} reopening a last entry), ` +
      `${this.sharesBilledAgain} shares billed again, ${this.corrections} corrections, ` +
      `${this.refusedCommands} refused, ${this.kills} kills; unbilled shares: ${reasons}`
    );
  }
}

/**
 * One sequence played against both the real services (through REST) and the reference model,
 * comparing after every run. Ids are made here, so the model and the services use the same ones.
 */
export class ModelWorld {
  readonly model = new ReferenceModel();
  /** Real invoice id of each model invoice. */
  readonly realIds = new Map<string, string>();
  private readonly lineIds: { contractId: string; line: ModelLine }[] = [];

  constructor(
    private readonly system: E2eSystem,
    private readonly batchJobId: string,
    readonly windowStart: string,
    private readonly coverage: ModelCoverage,
    /** Whether this sequence kills invoicing: on runs marked `kill`, and always on its last run. */
    private readonly killing: boolean,
  ) {}

  date(day: number): string {
    return dayOf(this.windowStart, day);
  }

  async play(plan: SequencePlan): Promise<void> {
    this.coverage.sequences += 1;
    if (plan.contracts.some((contract) => contract.split.length > 1)) this.coverage.splitSequences += 1;
    for (const contract of plan.contracts) await this.createContract(contract);
    for (const [index, command] of plan.commands.entries()) {
      switch (command.kind) {
        case 'run':
          await this.run(command.day, this.killing && (command.kill || index === plan.commands.length - 1));
          break;
        case 'record':
          await this.record(command.pick, command.transaction);
          break;
        case 'ready':
          await this.ready(command.pick);
          break;
        case 'confirm':
          await this.confirm(command.pick);
          break;
        case 'cancel':
          await this.cancel(command.pick);
          break;
        case 'correct':
          await this.correct(command.pick);
          break;
      }
    }
  }

  private async createContract(plan: ContractPlan): Promise<void> {
    const { contracts } = this.system;
    const customers = plan.split.map((percent) => ({ customerId: randomUUID(), percent }));
    const contractId = randomUUID();
    await contracts.createContract({
      contractId,
      name: 'Model contract',
      customerId: customers[0].customerId,
      currency: 'EUR',
    });
    if (customers.length > 1) {
      await contracts.setCustomers(
        contractId,
        customers.map(({ customerId, percent }) => ({ customerId, billingSplitPercent: percent })),
      );
    }
    const model: ModelContract = { contractId, customers, lines: [] };
    for (const [index, linePlan] of plan.lines.entries()) {
      const lineId = randomUUID();
      await contracts.addLine(contractId, {
        contractLineId: lineId,
        name: `Line ${index + 1}`,
        billingMethod: linePlan.billingMethod,
      });
      const line: ModelLine = { lineId, billingMethod: linePlan.billingMethod, entries: [], items: [] };
      model.lines.push(line);
      this.lineIds.push({ contractId, line });
      if (linePlan.billingMethod === 'TimeAndMaterial') {
        const runDays = [...linePlan.entryRunDays].sort((a, b) => a - b);
        if (runDays.length > 0) {
          await contracts.setInvoiceSchedule(contractId, lineId, {
            entries: runDays.map((day) => ({ invoiceRunDate: this.date(day) })),
          });
          line.entries.push(
            ...runDays.map((day) => ({ runDay: day, cutoffDay: day - 1, status: 'NotRun' as const })),
          );
        }
        for (const transaction of linePlan.transactions) {
          await this.recordOn(contractId, line, transaction);
        }
      } else {
        for (const milestone of linePlan.milestones) {
          const milestoneId = randomUUID();
          await contracts.addMilestone(contractId, lineId, {
            milestoneId,
            name: `Milestone of day ${milestone.day}`,
            milestoneDate: this.date(milestone.day),
            amount: decimalOfHundredths(milestone.amountCents),
          });
          const item: ModelItem = {
            kind: 'Milestone',
            id: milestoneId,
            day: milestone.day,
            amountMinor: BigInt(milestone.amountCents),
            ready: false,
            billedTo: new Map(),
          };
          line.items.push(item);
          if (milestone.ready) await this.markReady(contractId, line, item);
        }
      }
    }
    this.model.addContract(model);
  }

  private async recordOn(contractId: string, line: ModelLine, plan: TransactionPlan): Promise<void> {
    const transactionId = randomUUID();
    await this.system.contracts.recordTransaction(contractId, line.lineId, {
      transactionId,
      transactionClass: 'Time',
      transactionDate: this.date(plan.day),
      quantity: decimalOfHundredths(plan.quantityHundredths),
      unitPrice: decimalOfHundredths(plan.unitPriceCents),
    });
    line.items.push({
      kind: 'Transaction',
      id: transactionId,
      day: plan.day,
      amountMinor: amountCents(plan),
      ready: false,
      billedTo: new Map(),
    });
  }

  private async markReady(contractId: string, line: ModelLine, item: ModelItem): Promise<void> {
    await this.system.contracts.markMilestoneReady(contractId, line.lineId, item.id);
    item.ready = true;
  }

  private async record(pick: number, plan: TransactionPlan): Promise<void> {
    const lines = this.lineIds.filter(({ line }) => line.billingMethod === 'TimeAndMaterial');
    if (lines.length === 0) return;
    const { contractId, line } = lines[pick % lines.length];
    await this.recordOn(contractId, line, plan);
  }

  private async ready(pick: number): Promise<void> {
    const waiting = this.lineIds.flatMap(({ contractId, line }) =>
      line.items
        .filter((item) => item.kind === 'Milestone' && !item.ready)
        .map((item) => ({ contractId, line, item })),
    );
    if (waiting.length === 0) return;
    const { contractId, line, item } = waiting[pick % waiting.length];
    await this.markReady(contractId, line, item);
  }

  /** A run-now on `day`, compared with the model's run; with `kill`, invoicing is killed at once. */
  private async run(day: number, kill: boolean): Promise<void> {
    const { invoicing } = this.system;
    const shareCountsBefore = this.billedShareCounts();
    const expected = this.model.run(day);
    await this.system.projectionCaughtUp();
    const processRunId = await invoicing.runNow(this.batchJobId, this.date(day));
    if (kill) {
      this.coverage.kills += 1;
      await this.system.killInvoicing();
    }
    const run = await invoicing.waitForRunEnd(processRunId);
    this.coverage.runs += 1;
    expect({ runDate: run.runDate, status: run.status, error: run.error }).toEqual({
      runDate: this.date(day),
      status: 'Succeeded',
      error: null,
    });
    const summaries = await invoicing.listInvoices({ processRunId });
    const created = await Promise.all(summaries.map((summary) => invoicing.getInvoice(summary.invoiceId)));
    const keyOf = (contractId: string, customerId: string, runDate: string, items: readonly string[]) =>
      `${contractId} ${customerId} ${runDate} ${[...items].sort().join(',')}`;
    const realKeys = created.map((invoice) =>
      keyOf(
        invoice.contractId,
        invoice.customerId,
        invoice.invoiceRunDate,
        invoice.lines.flatMap((line) => line.details.map((detail) => detail.id)),
      ),
    );
    const expectedKeys = expected.map((invoice) =>
      keyOf(invoice.contractId, invoice.customerId, this.date(invoice.runDay), invoice.itemIds),
    );
    expect({ day, invoices: [...realKeys].sort() }).toEqual({ day, invoices: [...expectedKeys].sort() });
    for (const invoice of expected) {
      const real = created[realKeys.indexOf(expectedKeys[expected.indexOf(invoice)])];
      this.realIds.set(invoice.modelId, real.invoiceId);
    }
    this.coverage.invoices += expected.length;
    for (const [share, count] of this.billedShareCounts()) {
      if (count > 1 && count > (shareCountsBefore.get(share) ?? 0)) this.coverage.sharesBilledAgain += 1;
    }
  }

  /** How many model invoices ever billed each customer's share of each item. */
  private billedShareCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const invoice of this.model.invoices) {
      if (invoice.correctsModelId !== null) continue;
      for (const itemId of invoice.itemIds) {
        const share = `${itemId} ${invoice.customerId}`;
        counts.set(share, (counts.get(share) ?? 0) + 1);
      }
    }
    return counts;
  }

  private originals(): ModelInvoice[] {
    return this.model.invoices.filter((invoice) => invoice.correctsModelId === null);
  }

  private realIdOf(invoice: ModelInvoice): string {
    const id = this.realIds.get(invoice.modelId);
    if (id === undefined) throw new Error(`no real invoice for ${invoice.modelId}`);
    return id;
  }

  private async confirm(pick: number): Promise<void> {
    const drafts = this.originals().filter((invoice) => invoice.status === 'Draft');
    if (drafts.length === 0) return;
    const invoice = drafts[pick % drafts.length];
    const confirmed = await this.system.invoicing.confirm(this.realIdOf(invoice));
    expect(confirmed.status).toBe('Confirmed');
    this.model.confirm(invoice);
    this.coverage.confirms += 1;
  }

  /** Cancels a draft, or tries to cancel a confirmed invoice and expects 409. */
  private async cancel(pick: number): Promise<void> {
    const candidates = this.originals().filter((invoice) => invoice.status !== 'Cancelled');
    if (candidates.length === 0) return;
    const invoice = candidates[pick % candidates.length];
    const answer = await this.system.invoicing.http.send(
      'POST',
      `/invoices/${this.realIdOf(invoice)}/cancel`,
    );
    if (invoice.status !== 'Draft') {
      expect({ cancelOf: invoice.status, status: answer.status }).toEqual({
        cancelOf: invoice.status,
        status: 409,
      });
      this.coverage.refusedCommands += 1;
      return;
    }
    expect({ cancel: 'Draft', status: answer.status }).toEqual({ cancel: 'Draft', status: 200 });
    const contract = this.model.contracts.find((each) => each.contractId === invoice.contractId);
    if ((contract?.customers.length ?? 0) > 1) this.coverage.cancelsOfSplitShares += 1;
    const reopensLastEntry = invoice.covers.some((entry) =>
      contract?.lines.some((line) => line.entries.at(-1) === entry),
    );
    if (reopensLastEntry) this.coverage.cancelsReopeningLastEntry += 1;
    this.model.cancel(invoice);
    this.coverage.cancels += 1;
  }

  /**
   * Corrects a confirmed invoice (an even pick, when there is one to correct), or tries to correct a
   * draft or a corrected one and expects 409.
   */
  private async correct(pick: number): Promise<void> {
    const standing = this.originals().filter((invoice) => invoice.status !== 'Cancelled');
    const correctable = standing.filter((invoice) => invoice.status === 'Confirmed' && !invoice.corrected);
    const candidates = pick % 2 === 0 && correctable.length > 0 ? correctable : standing;
    if (candidates.length === 0) return;
    const original = candidates[pick % candidates.length];
    const answer = await this.system.invoicing.http.send<InvoiceView>(
      'POST',
      `/invoices/${this.realIdOf(original)}/correct`,
    );
    const corrective = this.model.correct(original);
    if (corrective === null) {
      expect({ correctOf: original.status, status: answer.status }).toEqual({
        correctOf: original.status,
        status: 409,
      });
      this.coverage.refusedCommands += 1;
      return;
    }
    expect({ correct: 'Confirmed', status: answer.status }).toEqual({ correct: 'Confirmed', status: 201 });
    this.realIds.set(corrective.modelId, answer.body.invoiceId);
    this.coverage.corrections += 1;
  }
}

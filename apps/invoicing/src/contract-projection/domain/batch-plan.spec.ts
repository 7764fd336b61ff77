import { ContractEvent, ContractEventEnvelope } from '@app/event-contracts';
import { aContract, aContractEventEnvelope, contractEventEnvelopes } from '@app/testing';
import { planBatch as sut, SequencedEvent } from './batch-plan';
import { KnownLine, KnownMilestone, ProjectionContext } from './projection-draft';

type Item = SequencedEvent<string>;

function incoming(envelopes: readonly ContractEventEnvelope[]): Item[] {
  return envelopes.map((event) => ({ event, source: `batch:${event.streamVersion}`, held: false }));
}

function heldOnes(envelopes: readonly ContractEventEnvelope[]): Item[] {
  return envelopes.map((event) => ({ event, source: `held:${event.streamVersion}`, held: true }));
}

function aContext(overrides: Partial<ProjectionContext> = {}): ProjectionContext {
  return { versions: new Map(), lines: new Map(), milestones: new Map(), ...overrides };
}

/** The read model of a contract projected up to `version`, with its lines and milestones. */
function projected(
  contractId: string,
  version: number,
  lines: readonly string[] = [],
  milestones: readonly [string, string][] = [],
): ProjectionContext {
  return aContext({
    versions: new Map([[contractId, version]]),
    lines: new Map(lines.map((id, i): [string, KnownLine] => [id, { contractId, lineOrder: i + 1 }])),
    milestones: new Map(
      milestones.map(([id, contractLineId]): [string, KnownMilestone] => [
        id,
        { contractId, contractLineId },
      ]),
    ),
  });
}

const sources = (items: readonly Item[]) => items.map((item) => item.source);

describe('planBatch', () => {
  describe('when a contract is new', () => {
    const contract = aContract();
    const consulting = contract.timeAndMaterialLine({ notToExceed: '5000.00' });
    const build = contract.fixedPriceLine();
    const milestone = build.milestone();
    const transaction = consulting.transaction();
    const history: ContractEvent[] = [
      contract.created(),
      contract.customersSet([
        { customerId: 'a', billingSplitPercent: '60' },
        { customerId: 'b', billingSplitPercent: '40' },
      ]),
      consulting.added(),
      build.added(),
      consulting.scheduleSet([{ invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' }]),
      milestone.added(),
      milestone.readyForInvoicing(),
      transaction.recorded(),
    ];

    it('projects its whole history in one batch, the contract at its last version', () => {
      const plan = sut(aContext(), incoming(contractEventEnvelopes(history)), []);
      expect(plan.applied).toHaveLength(8);
      expect(plan.changes.createdContracts).toEqual([
        expect.objectContaining({
          contractId: contract.contractId,
          streamVersion: 8,
          customers: [
            { customerId: 'a', billingSplitPercent: '60' },
            { customerId: 'b', billingSplitPercent: '40' },
          ],
        }),
      ]);
      expect(plan.changes.updatedContracts).toEqual([]);
    });

    it('numbers the lines in the order they were added', () => {
      const plan = sut(aContext(), incoming(contractEventEnvelopes(history)), []);
      expect(plan.changes.addedLines.map((l) => [l.contractLineId, l.lineOrder])).toEqual([
        [consulting.contractLineId, 1],
        [build.contractLineId, 2],
      ]);
    });

    it('adds a milestone marked ready in the same batch as ready for invoicing', () => {
      const plan = sut(aContext(), incoming(contractEventEnvelopes(history)), []);
      expect(plan.changes.addedMilestones).toEqual([
        expect.objectContaining({ milestoneId: milestone.milestoneId, readyForInvoicing: true }),
      ]);
      expect(plan.changes.readyMilestoneIds).toEqual([]);
    });

    it('bills the creating customer in full until customers are set', () => {
      const plan = sut(aContext(), incoming(contractEventEnvelopes([contract.created()])), []);
      expect(plan.changes.createdContracts[0].customers).toEqual([
        { customerId: contract.data.customerId, billingSplitPercent: '100' },
      ]);
    });
  });

  describe('when a contract is projected up to a version', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const [first, second, third] = [line.transaction(), line.transaction(), line.transaction()];
    const context = projected(contract.contractId, 2, [line.contractLineId]);
    const v = (event: ContractEvent, version: number) => aContractEventEnvelope(event, version);

    it('skips an event at or below that version as a duplicate, changing nothing', () => {
      const plan = sut(context, incoming([v(line.added(), 2)]), []);
      expect(plan.duplicates).toHaveLength(1);
      expect(plan.changes.addedLines).toEqual([]);
    });

    it('applies an event delivered twice in one batch once', () => {
      const event = v(first.recorded(), 3);
      const plan = sut(context, incoming([event, event]), []);
      expect(plan.applied).toHaveLength(1);
      expect(plan.duplicates).toHaveLength(1);
      expect(plan.changes.recordedTransactions).toHaveLength(1);
    });

    it('moves the contract to its new version, checked against the version it started from', () => {
      const plan = sut(context, incoming([v(first.recorded(), 3), v(second.recorded(), 4)]), []);
      expect(plan.changes.updatedContracts).toEqual([
        { contractId: contract.contractId, expectedVersion: 2, streamVersion: 4, customers: null },
      ]);
    });

    it('holds an event that comes after a gap and applies nothing for it', () => {
      const plan = sut(context, incoming([v(second.recorded(), 4)]), []);
      expect(sources(plan.toHold)).toEqual(['batch:4']);
      expect(plan.applied).toEqual([]);
      expect(plan.changes.updatedContracts).toEqual([]);
    });

    it('applies held events once the batch fills the gap before them, and releases them', () => {
      const held = heldOnes([v(second.recorded(), 4), v(third.recorded(), 5)]);
      const plan = sut(context, incoming([v(first.recorded(), 3)]), held);
      expect(sources(plan.applied)).toEqual(['batch:3', 'held:4', 'held:5']);
      expect(sources(plan.toRelease)).toEqual(['held:4', 'held:5']);
      expect(plan.changes.updatedContracts[0].streamVersion).toBe(5);
    });

    it('keeps held events that are still behind a gap where they are', () => {
      const held = heldOnes([v(third.recorded(), 5)]);
      const plan = sut(context, incoming([v(first.recorded(), 3)]), held);
      expect(sources(plan.applied)).toEqual(['batch:3']);
      expect(plan.toHold).toEqual([]);
      expect(plan.toRelease).toEqual([]);
    });

    it('releases a held event that a replay made a duplicate', () => {
      const plan = sut(context, [], heldOnes([v(first.recorded(), 2)]));
      expect(sources(plan.toRelease)).toEqual(['held:2']);
    });

    it('does not hold an event again when it is delivered again while held', () => {
      const event = v(third.recorded(), 5);
      const plan = sut(context, incoming([event]), heldOnes([event]));
      expect(plan.toHold).toEqual([]);
      expect(plan.duplicates).toHaveLength(1);
    });

    it('refuses a second, different event claiming a version already taken in the batch', () => {
      const plan = sut(context, incoming([v(first.recorded(), 3), v(second.recorded(), 3)]), []);
      expect(plan.rejected.map((r) => [r.item.source, r.rejection.code])).toEqual([
        ['batch:3', 'CONFLICTING_STREAM_VERSION'],
      ]);
      expect(plan.changes.recordedTransactions.map((t) => t.transactionId)).toEqual([first.transactionId]);
    });

    it('refuses an event on a line it does not know, and holds what follows it', () => {
      const stray = aContract({ contractId: contract.contractId }).timeAndMaterialLine().transaction();
      const plan = sut(context, incoming([v(stray.recorded(), 3), v(first.recorded(), 4)]), []);
      expect(plan.rejected.map((r) => r.rejection.code)).toEqual(['UNKNOWN_CONTRACT_LINE']);
      expect(sources(plan.toHold)).toEqual(['batch:4']);
      expect(plan.changes.recordedTransactions).toEqual([]);
    });

    it('applies a corrected event that takes the version of a refused one', () => {
      const stray = aContract({ contractId: contract.contractId }).timeAndMaterialLine().transaction();
      const plan = sut(context, incoming([v(stray.recorded(), 3), v(first.recorded(), 3)]), []);
      expect(plan.rejected).toHaveLength(1);
      expect(sources(plan.applied)).toEqual(['batch:3']);
    });

    it('refuses a line whose id exists already', () => {
      const plan = sut(context, incoming([v(line.added(), 3)]), []);
      expect(plan.rejected[0].rejection.code).toBe('DUPLICATE_CONTRACT_LINE');
    });

    it('numbers a new line after the lines already projected', () => {
      const plan = sut(context, incoming([v(contract.fixedPriceLine().added(), 3)]), []);
      expect(plan.changes.addedLines[0].lineOrder).toBe(2);
    });

    it('records new customers with the contract version they came with', () => {
      const customers = [{ customerId: 'x', billingSplitPercent: '100' }];
      const plan = sut(context, incoming([v(contract.customersSet(customers), 3)]), []);
      expect(plan.changes.updatedContracts).toEqual([
        { contractId: contract.contractId, expectedVersion: 2, streamVersion: 3, customers },
      ]);
    });
  });

  describe('for schedules and milestones of a projected contract', () => {
    const contract = aContract();
    const line = contract.timeAndMaterialLine();
    const build = contract.fixedPriceLine();
    const milestone = build.milestone();
    const context = projected(
      contract.contractId,
      3,
      [line.contractLineId, build.contractLineId],
      [[milestone.milestoneId, build.contractLineId]],
    );
    const v = (event: ContractEvent, version: number) => aContractEventEnvelope(event, version);

    it('keeps only the last schedule set on a line in the batch', () => {
      const early = line.scheduleSet([{ invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' }]);
      const late = line.scheduleSet([{ invoiceRunDate: '2025-03-01', transactionCutoffDate: '2025-02-28' }]);
      const plan = sut(context, incoming([v(early, 4), v(late, 5)]), []);
      expect(plan.changes.replacedSchedules).toEqual([
        { contractLineId: line.contractLineId, contractId: contract.contractId, entries: late.data.entries },
      ]);
    });

    it('stores one entry per run date, the one with the later cut-off, in run date order', () => {
      const schedule = line.scheduleSet([
        { invoiceRunDate: '2025-03-01', transactionCutoffDate: '2025-02-28' },
        { invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-15' },
        { invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' },
      ]);
      const plan = sut(context, incoming([v(schedule, 4)]), []);
      expect(plan.changes.replacedSchedules[0].entries).toEqual([
        { invoiceRunDate: '2025-02-01', transactionCutoffDate: '2025-01-31' },
        { invoiceRunDate: '2025-03-01', transactionCutoffDate: '2025-02-28' },
      ]);
    });

    it('marks a projected milestone ready for invoicing', () => {
      const plan = sut(context, incoming([v(milestone.readyForInvoicing(), 4)]), []);
      expect(plan.changes.readyMilestoneIds).toEqual([milestone.milestoneId]);
    });

    it('refuses to mark a milestone it does not know', () => {
      const plan = sut(context, incoming([v(build.milestone().readyForInvoicing(), 4)]), []);
      expect(plan.rejected[0].rejection.code).toBe('UNKNOWN_MILESTONE');
    });

    it('refuses a milestone whose id exists already', () => {
      const plan = sut(context, incoming([v(milestone.added(), 4)]), []);
      expect(plan.rejected[0].rejection.code).toBe('DUPLICATE_MILESTONE');
    });
  });
});

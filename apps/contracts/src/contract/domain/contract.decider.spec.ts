import { DeciderSpecification } from '@app/testing';
import { aContract } from '../../../test/contract.builders';
import fc from 'fast-check';
import { ContractCommand, contractDecider, decide } from './contract.decider';
import { evolveAll } from './contract.state';
import { CONTRACT_RULE_VIOLATION_CODES, violationKind } from './rule-violation';

const given = DeciderSpecification.for({ ...contractDecider, context: { today: '2025-06-15' } });
const context = { today: '2025-06-15' };

function everyCommandButCreate(): ContractCommand[] {
  const contract = aContract();
  const tm = contract.timeAndMaterialLine();
  const milestone = contract.fixedPriceLine().milestone();
  return [
    contract.setCustomers([{ customerId: 'acme', billingSplitPercent: '100' }]),
    tm.add(),
    tm.setInvoiceSchedule({ entries: [] }),
    milestone.add(),
    milestone.markReadyForInvoicing(),
    tm.transaction().record(),
  ];
}

describe('when the contract does not exist', () => {
  it.each(everyCommandButCreate().map((command) => [command.type, command] as const))(
    'rejects %s',
    (_type, command) => {
      given([]).when(command).thenRejects('CONTRACT_NOT_FOUND', 'contractId');
    },
  );
});

describe('rule violation codes', () => {
  it('are SCREAMING_SNAKE names, each with a kind an adapter can map to a status', () => {
    for (const code of CONTRACT_RULE_VIOLATION_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(['NotFound', 'Conflict', 'InvalidInput', 'RuleBroken']).toContain(violationKind(code));
    }
  });
});

describe('whatever a command carries', () => {
  const contract = aContract();
  const tm = contract.timeAndMaterialLine();
  const fp = contract.fixedPriceLine();
  const milestone = fp.milestone();
  const state = evolveAll([contract.created(), tm.added(), fp.added(), milestone.added()]);
  const ids = { contractId: contract.contractId };
  /** Mostly valid values, so that decisions get past the first check, mixed with anything at all. */
  const or = (valid: unknown) =>
    fc.oneof({ arbitrary: fc.constant(valid), weight: 3 }, { arbitrary: fc.anything(), weight: 1 });
  const command = (
    type: string,
    fields: Record<string, fc.Arbitrary<unknown>>,
    fixed: Record<string, unknown> = {},
  ) => fc.record(fields, { requiredKeys: [] }).map((data) => ({ type, data: { ...ids, ...fixed, ...data } }));
  const commands = [
    command('CreateContract', { name: or('Contract'), customerId: or('acme'), currency: or('EUR') }),
    command('SetContractCustomers', {
      customers: or([
        { customerId: 'acme', billingSplitPercent: '60' },
        { customerId: 'partner', billingSplitPercent: '40' },
      ]),
    }),
    command('AddContractLine', {
      contractLineId: or('new-line'),
      name: or('Support'),
      billingMethod: or('TimeAndMaterial'),
      includedTransactionClasses: or(['Time']),
      notToExceed: or('100.00'),
    }),
    command(
      'SetInvoiceSchedule',
      {
        frequency: or({ period: 'Monthly', days: [31] }),
        startDate: or('2025-01-01'),
        endDate: or('2025-12-31'),
        entries: or([{ invoiceRunDate: '2025-01-31' }]),
      },
      { contractLineId: tm.contractLineId },
    ),
    command(
      'AddMilestone',
      {
        milestoneId: or(milestone.milestoneId),
        name: or('Go-live'),
        milestoneDate: or('2025-05-01'),
        amount: or('10.00'),
      },
      { contractLineId: fp.contractLineId },
    ),
    command(
      'MarkMilestoneReadyForInvoicing',
      { milestoneId: or(milestone.milestoneId) },
      { contractLineId: fp.contractLineId },
    ),
    command(
      'RecordTransaction',
      {
        transactionId: or('transaction-1'),
        transactionClass: or('Time'),
        transactionDate: or('2025-03-10'),
        quantity: or('8'),
        unitPrice: or('100'),
        description: or(null),
        resourceRole: or('Consultant'),
      },
      { contractLineId: tm.contractLineId },
    ),
  ] as unknown as fc.Arbitrary<ContractCommand>[];

  it('decides without throwing: malformed input is a named violation, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(...commands), (command) => {
        const decision = decide(command, state, context);
        if (!decision.ok) expect(CONTRACT_RULE_VIOLATION_CODES).toContain(decision.violation.code);
      }),
      { numRuns: 1000 },
    );
  });
});

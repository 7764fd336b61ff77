import { randomUUID } from 'crypto';
import { ContractCommand } from './contract-commands.producer';
import { ContractsClient } from './contracts.client';
import { InvoiceView } from './invoicing.client';

/*
 * One contract told twice, for the test that an upstream system's commands on contracts.commands
 * invoice exactly like the same requests over REST.
 */

/** One contract's story as commands: the same steps go over REST and onto the command topic. */
export function contractCommandStory(customers: [string, string]) {
  const ids = {
    contract: randomUUID(),
    support: randomUUID(),
    delivery: randomUUID(),
    milestone: randomUUID(),
    transactions: [randomUUID(), randomUUID(), randomUUID()],
  };
  const command = (commandType: ContractCommand['commandType'], data: Record<string, unknown>) => ({
    commandId: randomUUID(),
    commandType,
    data: { contractId: ids.contract, ...data },
  });
  const transaction = (
    id: string,
    transactionClass: string,
    date: string,
    quantity: string,
    unitPrice: string,
  ) =>
    command('RecordTransaction', {
      contractLineId: ids.support,
      transactionId: id,
      transactionClass,
      transactionDate: date,
      quantity,
      unitPrice,
      resourceRole: 'Consultant',
    });
  const commands: ContractCommand[] = [
    command('CreateContract', { name: 'Data platform', customerId: customers[0], currency: 'USD' }),
    command('SetContractCustomers', {
      customers: [
        { customerId: customers[0], billingSplitPercent: '70' },
        { customerId: customers[1], billingSplitPercent: '30' },
      ],
    }),
    command('AddContractLine', {
      contractLineId: ids.support,
      name: 'Support',
      billingMethod: 'TimeAndMaterial',
    }),
    command('SetInvoiceSchedule', {
      contractLineId: ids.support,
      frequency: { period: 'Weekly', days: 'Monday' },
      startDate: '2025-02-03',
      endDate: '2025-02-24',
    }),
    command('AddContractLine', {
      contractLineId: ids.delivery,
      name: 'Delivery',
      billingMethod: 'FixedPrice',
    }),
    command('AddMilestone', {
      contractLineId: ids.delivery,
      milestoneId: ids.milestone,
      name: 'Go-live',
      milestoneDate: '2025-02-10',
      amount: '3333.33',
    }),
    command('MarkMilestoneReadyForInvoicing', {
      contractLineId: ids.delivery,
      milestoneId: ids.milestone,
    }),
    transaction(ids.transactions[0], 'Time', '2025-02-04', '7.25', '133.33'),
    transaction(ids.transactions[1], 'Expense', '2025-02-05', '1', '45.67'),
    transaction(ids.transactions[2], 'Material', '2025-02-12', '3', '9.99'),
  ];
  return { ids, commands };
}

/** Sends each command's REST twin to the contracts API, in order (docs/product.md 4.3: the same fields). */
export async function sendOverRest(
  contracts: ContractsClient,
  commands: readonly ContractCommand[],
): Promise<void> {
  const api = contracts.http;
  for (const { commandType, data } of commands) {
    const { contractId, contractLineId, milestoneId, ...body } = data as Record<string, string>;
    const base = `/contracts/${contractId}`;
    const line = `${base}/lines/${contractLineId}`;
    const calls: Record<ContractCommand['commandType'], () => Promise<unknown>> = {
      CreateContract: () => api.call('POST', '/contracts', 201, { ...body, contractId }),
      SetContractCustomers: () => api.call('PUT', `${base}/customers`, 200, body),
      AddContractLine: () => api.call('POST', `${base}/lines`, 201, { ...body, contractLineId }),
      SetInvoiceSchedule: () => api.call('PUT', `${line}/invoice-schedule`, 200, body),
      AddMilestone: () => api.call('POST', `${line}/milestones`, 201, { ...body, milestoneId }),
      MarkMilestoneReadyForInvoicing: () =>
        api.call('POST', `${line}/milestones/${milestoneId}/ready-for-invoicing`, 200),
      RecordTransaction: () => api.call('POST', `${line}/transactions`, 201, body),
    };
    await calls[commandType]();
  }
  await contracts.getContract(commands[0].data.contractId as string);
}

/** An invoice with every id replaced by its role in the story, so the two paths compare equal. */
export function namedInvoice(invoice: InvoiceView, names: ReadonlyMap<string, string>) {
  const name = (id: string) => names.get(id) ?? `unknown ${id}`;
  return {
    customerId: invoice.customerId,
    billingSplitPercent: invoice.billingSplitPercent,
    currency: invoice.currency,
    invoiceRunDate: invoice.invoiceRunDate,
    totalAmount: invoice.totalAmount,
    lines: invoice.lines.map((line) => ({
      ...line,
      contractLineId: name(line.contractLineId),
      details: line.details.map((detail) => ({ ...detail, id: name(detail.id) })),
    })),
  };
}

/** Names every id of the stories by its role, the same for each story. */
export function storyRoles(stories: readonly ReturnType<typeof contractCommandStory>[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const { ids } of stories) {
    names.set(ids.support, 'support').set(ids.delivery, 'delivery').set(ids.milestone, 'go-live');
    ids.transactions.forEach((id, i) => names.set(id, `transaction ${i + 1}`));
  }
  return names;
}

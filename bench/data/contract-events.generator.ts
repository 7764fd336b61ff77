import {
  ContractEventDataByType,
  ContractEventType,
  EVENT_HEADERS,
  EventEnvelope,
  TRANSACTION_CLASSES,
  TransactionRecorded,
  format,
  lineAmount,
  schemaVersionOf,
} from '@app/event-contracts';
import { Message } from 'kafkajs';
import { CopyInput, copyLine } from '../support/psql-copy';
import { SeededRandom } from '../support/seeded-random';

/**
 * The contract events of the projection scenario, from a seed: per contract a ContractCreated, two
 * time-and-material lines with a 12-entry monthly schedule each, and then TransactionRecorded
 * events on either line, so that nine events in ten or more are transactions (as on a real
 * `contracts.events`). Contracts are interleaved, as many upstream writers would produce them.
 * The same seed always yields the same events, and the rows the projection should end up with.
 */
export interface ContractEventsSize {
  readonly events: number;
  readonly contracts: number;
}

const HEAD_EVENTS = 5;
const ROLES = ['Architect', 'Developer', 'Consultant', 'Project manager', 'Tester'];
const PRICES = ['85.00', '95.50', '110.00', '120.00', '145.00'];
const OCCURRED_AT = Date.parse('2025-01-01T00:00:00.000Z');

type AnyEvent = {
  [K in ContractEventType]: { type: K; data: ContractEventDataByType[K] };
}[ContractEventType];

interface PlannedContract {
  readonly contractId: string;
  readonly lineIds: readonly [string, string];
}

function monthlyEntries() {
  return Array.from({ length: 12 }, (_, m) => {
    const month = String(m + 1).padStart(2, '0');
    const previous = m === 0 ? '2024-12-31' : `2025-${String(m).padStart(2, '0')}-28`;
    return { invoiceRunDate: `2025-${month}-01`, transactionCutoffDate: previous };
  });
}

function transaction(random: SeededRandom, contract: PlannedContract, version: number): TransactionRecorded {
  const quantity = String(random.integer(1, 16) / 2);
  const unitPrice = random.pick(PRICES);
  const day = random.integer(0, 364);
  return {
    contractId: contract.contractId,
    contractLineId: contract.lineIds[version % 2],
    transactionId: random.uuid(),
    transactionClass: random.next() < 0.7 ? 'Time' : random.pick(TRANSACTION_CLASSES),
    transactionDate: new Date(Date.parse('2025-01-01') + day * 86_400_000).toISOString().slice(0, 10),
    quantity,
    unitPrice,
    amount: format(lineAmount(quantity, unitPrice, 'EUR')),
    description: random.next() < 0.8 ? 'Design and build work' : null,
    resourceRole: random.pick(ROLES),
  };
}

function headEvent(contract: PlannedContract, version: number): AnyEvent {
  const { contractId, lineIds } = contract;
  if (version === 1) {
    const data = {
      contractId,
      name: `Contract ${contractId.slice(0, 8)}`,
      customerId: lineIds[0],
      currency: 'EUR',
    };
    return { type: 'ContractCreated', data };
  }
  const contractLineId = lineIds[(version - 2) % 2];
  if (version <= 3) {
    return {
      type: 'ContractLineAdded',
      data: {
        contractId,
        contractLineId,
        name: version === 2 ? 'Consulting' : 'Development',
        billingMethod: 'TimeAndMaterial',
        includedTransactionClasses: [...TRANSACTION_CLASSES],
        notToExceed: null,
      },
    };
  }
  const frequency = { period: 'Monthly' as const, days: [1] };
  return {
    type: 'InvoiceScheduleSet',
    data: { contractId, contractLineId, frequency, entries: monthlyEntries() },
  };
}

/** Every event with its envelope, contracts interleaved by stream version. */
export function* contractEvents(
  seed: number,
  size: ContractEventsSize,
): Generator<EventEnvelope<string, unknown>> {
  const random = new SeededRandom(seed);
  const contracts: PlannedContract[] = Array.from({ length: size.contracts }, () => ({
    contractId: random.uuid(),
    lineIds: [random.uuid(), random.uuid()] as const,
  }));
  const perContract = Math.max(HEAD_EVENTS + 1, Math.floor(size.events / size.contracts));
  let index = 0;
  for (let version = 1; version <= perContract; version += 1) {
    for (const contract of contracts) {
      const event: AnyEvent =
        version <= HEAD_EVENTS
          ? headEvent(contract, version)
          : { type: 'TransactionRecorded', data: transaction(random, contract, version) };
      yield {
        eventId: random.uuid(),
        eventType: event.type,
        schemaVersion: schemaVersionOf(event.type),
        streamId: contract.contractId,
        streamVersion: version,
        occurredAt: new Date(OCCURRED_AT + (index += 1)).toISOString(),
        correlationId: null,
        causationId: null,
        data: event.data,
      };
    }
  }
}

export function eventCount(size: ContractEventsSize): number {
  return Math.max(HEAD_EVENTS + 1, Math.floor(size.events / size.contracts)) * size.contracts;
}

/** As the contracts relay publishes them: keyed by contract, the envelope's identity in headers. */
export function* contractEventMessages(seed: number, size: ContractEventsSize): Generator<Message> {
  for (const envelope of contractEvents(seed, size)) {
    yield {
      key: envelope.streamId,
      value: JSON.stringify(envelope),
      headers: {
        [EVENT_HEADERS.eventType]: envelope.eventType,
        [EVENT_HEADERS.eventId]: envelope.eventId,
        [EVENT_HEADERS.schemaVersion]: String(envelope.schemaVersion),
      },
    };
  }
}

const CHUNK_ROWS = 20_000;

class CopyTable {
  readonly chunks: string[] = [];
  private current: string[] = [];

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  add(values: readonly (string | number | null)[]): void {
    this.current.push(copyLine(values));
    if (this.current.length === CHUNK_ROWS) this.flush();
  }

  done(): CopyInput {
    this.flush();
    return { table: this.table, columns: this.columns, chunks: this.chunks };
  }

  private flush(): void {
    if (this.current.length > 0) this.chunks.push(this.current.join(''));
    this.current = [];
  }
}

/**
 * The rows the projection writes for these events, in COPY text format: the same contracts, lines,
 * schedule entries and transactions, for the bare-COPY baseline.
 */
export function projectedRows(seed: number, size: ContractEventsSize): CopyInput[] {
  const contracts = new CopyTable('invoicing.projected_contracts', [
    'contract_id',
    'name',
    'customer_id',
    'currency',
    'customers',
    'stream_version',
  ]);
  const lines = new CopyTable('invoicing.projected_lines', [
    'contract_line_id',
    'contract_id',
    'line_order',
    'name',
    'billing_method',
    'included_transaction_classes',
    'not_to_exceed',
  ]);
  const entries = new CopyTable('invoicing.schedule_entries', [
    'contract_line_id',
    'invoice_run_date',
    'contract_id',
    'transaction_cutoff_date',
  ]);
  const transactions = new CopyTable('invoicing.transactions', [
    'transaction_id',
    'contract_line_id',
    'contract_id',
    'transaction_class',
    'transaction_date',
    'quantity',
    'unit_price',
    'amount',
    'description',
    'resource_role',
  ]);
  const lastVersion = Math.max(HEAD_EVENTS + 1, Math.floor(size.events / size.contracts));
  for (const { data, eventType, streamVersion } of contractEvents(seed, size)) {
    const d = data as Record<string, never>;
    if (eventType === 'ContractCreated') {
      const customers = JSON.stringify([{ customerId: d.customerId, billingSplitPercent: '100' }]);
      contracts.add([d.contractId, d.name, d.customerId, d.currency, customers, lastVersion]);
    } else if (eventType === 'ContractLineAdded') {
      const classes = `{${TRANSACTION_CLASSES.join(',')}}`;
      lines.add([d.contractLineId, d.contractId, streamVersion - 1, d.name, d.billingMethod, classes, null]);
    } else if (eventType === 'InvoiceScheduleSet') {
      for (const e of monthlyEntries()) {
        entries.add([d.contractLineId, e.invoiceRunDate, d.contractId, e.transactionCutoffDate]);
      }
    } else {
      const t = data as TransactionRecorded;
      transactions.add([
        t.transactionId,
        t.contractLineId,
        t.contractId,
        t.transactionClass,
        t.transactionDate,
        t.quantity,
        t.unitPrice,
        t.amount,
        t.description,
        t.resourceRole,
      ]);
    }
  }
  return [contracts.done(), lines.done(), entries.done(), transactions.done()];
}

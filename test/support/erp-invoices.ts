import { randomUUID } from 'crypto';
import { Kafka } from 'kafkajs';

/*
 * What an ERP does with `invoicing.invoices` (docs/product.md 4.2): reads the raw records and rebuilds every
 * invoice from `InvoiceCreated` and its `InvoiceDetailsAdded` parts, knowing nothing of the
 * invoicing service's code. Written apart from the service's own folding on purpose, so a test
 * that compares the two checks the published contract rather than one implementation with itself.
 */

type Json = Record<string, unknown>;

/** One record as the broker holds it: the size of its value in bytes, and the value parsed. */
export interface RawInvoiceRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly valueBytes: number;
  readonly envelope: {
    readonly eventId: string;
    readonly eventType: string;
    readonly streamId: string;
    readonly streamVersion: number;
    readonly data: Json;
  };
}

export interface RebuiltInvoice {
  /** The header and every line, each with the details of `InvoiceCreated` and of the parts read so far. */
  readonly invoice: Json & { readonly lines: (Json & { details: Json[] })[] };
  /** `detailParts` of its `InvoiceCreated`. */
  readonly detailParts: number;
  /** Part numbers read (1..detailParts). */
  readonly partsRead: ReadonlySet<number>;
  /** Every announced part read, none twice, each with the announced `partCount`. */
  readonly complete: boolean;
}

/**
 * Reads `topic` from the beginning with a plain consumer of a throw-away group until `until`
 * holds for the records read so far, and resolves them in partition order. Rejects after `timeoutMs`.
 */
export async function readRawInvoiceRecords(
  kafka: Kafka,
  topic: string,
  until: (records: readonly RawInvoiceRecord[]) => boolean,
  timeoutMs = 60_000,
): Promise<RawInvoiceRecord[]> {
  const consumer = kafka.consumer({ groupId: `erp-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const records: RawInvoiceRecord[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`${topic}: condition not met in ${timeoutMs} ms; ${records.length} records read`)),
      timeoutMs,
    );
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let done = false;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (done || message.value === null) return;
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          valueBytes: message.value.length,
          envelope: JSON.parse(message.value.toString('utf8')) as RawInvoiceRecord['envelope'],
        });
        done = until(records);
        if (done) finish();
      },
    });
    await Promise.race([finished, timedOut]);
    return records;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/**
 * Every invoice the records hold, by id, rebuilt in topic order: a re-published record (same
 * event id) counts once; a part adds its details to the line its `lineNumber` names.
 */
export function rebuildInvoices(records: readonly RawInvoiceRecord[]): Map<string, RebuiltInvoice> {
  const invoices = new Map<
    string,
    { invoice: RebuiltInvoice['invoice']; detailParts: number; parts: Map<number, number> }
  >();
  const seen = new Set<string>();
  for (const { envelope } of records) {
    if (seen.has(envelope.eventId)) continue;
    seen.add(envelope.eventId);
    const data = envelope.data;
    if (envelope.eventType === 'InvoiceCreated') {
      const { detailParts, ...header } = data;
      const invoice = structuredClone(header) as RebuiltInvoice['invoice'];
      invoices.set(String(data.invoiceId), { invoice, detailParts: Number(detailParts), parts: new Map() });
    } else if (envelope.eventType === 'InvoiceDetailsAdded') {
      const rebuilt = invoices.get(String(data.invoiceId));
      if (!rebuilt)
        throw new Error(`part ${String(data.part)} of ${String(data.invoiceId)} before its invoice`);
      const part = Number(data.part);
      rebuilt.parts.set(part, (rebuilt.parts.get(part) ?? 0) + 1);
      if (Number(data.partCount) !== rebuilt.detailParts) rebuilt.parts.set(-1, 1);
      for (const { lineNumber, ...detail } of data.details as Json[]) {
        const line = rebuilt.invoice.lines.find((l) => l.lineNumber === lineNumber);
        if (!line)
          throw new Error(`part ${part} of ${String(data.invoiceId)} names no line ${String(lineNumber)}`);
        line.details.push(detail);
      }
    }
  }
  return new Map(
    [...invoices].map(([invoiceId, { invoice, detailParts, parts }]) => {
      const numbers = [...parts.keys()];
      const complete =
        parts.size === detailParts && numbers.every((n) => n >= 1 && n <= detailParts && parts.get(n) === 1);
      return [invoiceId, { invoice, detailParts, partsRead: new Set(numbers), complete }];
    }),
  );
}

import {
  InvoiceCreated,
  InvoiceDetailsAdded,
  InvoiceDocument,
  InvoiceLine,
  InvoicePartDetail,
} from './invoice-events';

/** The most bytes a published record's value may have: the broker's default limit (docs/product.md 4.2). */
export const MAX_RECORD_BYTES = 1_000_000;

/**
 * Room kept in a record for the envelope around an event's data. The envelope holds ids, a type,
 * a version, a timestamp and two correlation ids: a few hundred bytes.
 */
export const ENVELOPE_RESERVE_BYTES = 10_000;

/** The most bytes of JSON an invoice event's `data` may take. */
export const MAX_INVOICE_DATA_BYTES = MAX_RECORD_BYTES - ENVELOPE_RESERVE_BYTES;

/** The records of one invoice, in stream order: `InvoiceCreated`, then its parts 1..n. */
export type InvoiceRecords = readonly [
  { readonly type: 'InvoiceCreated'; readonly data: InvoiceCreated },
  ...{ readonly type: 'InvoiceDetailsAdded'; readonly data: InvoiceDetailsAdded }[],
];

/** Something that cannot be cut to fit one record: a header with too many lines, or one huge detail. */
export class InvoiceRecordTooLargeError extends Error {
  override readonly name = 'InvoiceRecordTooLargeError';
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function created(
  invoice: InvoiceDocument,
  detailParts: number,
  lines: readonly InvoiceLine[],
): InvoiceCreated {
  const { lines: _lines, ...header } = invoice;
  return { ...header, detailParts, lines };
}

/**
 * An invoice as the records that publish it (docs/product.md 4.2 "Bounded records"), each at most `maxBytes`
 * of JSON: the whole invoice in one `InvoiceCreated` when it fits; otherwise the header, every line
 * with its totals and the first details that fit, followed by `InvoiceDetailsAdded` parts carrying
 * the rest in detail order. Sizes are reckoned with part numbers as wide as the detail count, so
 * the real records are never larger. Throws {@link InvoiceRecordTooLargeError} when the header
 * alone, or one detail alone in a part, exceeds `maxBytes`.
 */
export function invoiceRecords(invoice: InvoiceDocument, maxBytes = MAX_INVOICE_DATA_BYTES): InvoiceRecords {
  const whole = created(invoice, 0, invoice.lines);
  if (bytes(whole) <= maxBytes) return [{ type: 'InvoiceCreated', data: whole }];
  const widest = invoice.lines.reduce((n, line) => n + line.details.length, 0);
  const bare = invoice.lines.map((line) => ({ ...line, details: [] as InvoiceLine['details'][number][] }));
  let room = maxBytes - bytes(created(invoice, widest, bare));
  if (room < 0) {
    throw new InvoiceRecordTooLargeError(
      `invoice ${invoice.invoiceNumber}: its header and ${invoice.lines.length} lines exceed ${maxBytes} bytes`,
    );
  }
  const rest: InvoicePartDetail[] = [];
  invoice.lines.forEach((line, index) => {
    for (const detail of line.details) {
      const cost = bytes(detail) + (bare[index].details.length > 0 ? 1 : 0);
      if (rest.length === 0 && cost <= room) {
        bare[index].details.push(detail);
        room -= cost;
      } else {
        rest.push({ lineNumber: line.lineNumber, ...detail });
      }
    }
  });
  const parts = cutIntoParts(invoice, rest, widest, maxBytes);
  return [
    { type: 'InvoiceCreated', data: created(invoice, parts.length, bare) },
    ...parts.map((details, index) => ({
      type: 'InvoiceDetailsAdded' as const,
      data: {
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        contractId: invoice.contractId,
        part: index + 1,
        partCount: parts.length,
        details,
      },
    })),
  ];
}

function cutIntoParts(
  invoice: InvoiceDocument,
  details: readonly InvoicePartDetail[],
  widest: number,
  maxBytes: number,
): InvoicePartDetail[][] {
  const { invoiceId, invoiceNumber, contractId } = invoice;
  const empty = bytes({ invoiceId, invoiceNumber, contractId, part: widest, partCount: widest, details: [] });
  const parts: InvoicePartDetail[][] = [];
  let current: InvoicePartDetail[] = [];
  let size = empty;
  for (const detail of details) {
    const cost = bytes(detail);
    if (current.length > 0 && size + 1 + cost > maxBytes) {
      parts.push(current);
      current = [];
      size = empty;
    }
    if (current.length === 0 && size + cost > maxBytes) {
      throw new InvoiceRecordTooLargeError(
        `invoice ${invoice.invoiceNumber}: detail ${detail.id} alone exceeds ${maxBytes} bytes`,
      );
    }
    size += cost + (current.length > 0 ? 1 : 0);
    current.push(detail);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The invoice as its `InvoiceCreated` tells it, without the record's part count. */
export function invoiceFromCreated(event: InvoiceCreated): InvoiceDocument {
  const { detailParts: _parts, ...invoice } = event;
  return invoice;
}

/** The invoice with a part's details added to the lines they name, after those already there. */
export function withInvoiceDetails(invoice: InvoiceDocument, part: InvoiceDetailsAdded): InvoiceDocument {
  const added = new Map<number, InvoiceLine['details'][number][]>();
  for (const { lineNumber, ...detail } of part.details) {
    const ofLine = added.get(lineNumber) ?? [];
    ofLine.push(detail);
    added.set(lineNumber, ofLine);
  }
  return {
    ...invoice,
    lines: invoice.lines.map((line) => {
      const more = added.get(line.lineNumber);
      return more ? { ...line, details: [...line.details, ...more] } : line;
    }),
  };
}

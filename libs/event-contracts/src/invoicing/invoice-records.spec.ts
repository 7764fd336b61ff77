import { InvoiceDocument, InvoiceLine, InvoiceLineDetail } from './invoice-events';
import {
  InvoiceRecords,
  InvoiceRecordTooLargeError,
  invoiceFromCreated,
  invoiceRecords,
  MAX_RECORD_BYTES,
  withInvoiceDetails,
} from './invoice-records';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function aDetail(n: number, id = `transaction-${String(n).padStart(6, '0')}`): InvoiceLineDetail {
  return {
    kind: 'Transaction',
    id,
    transactionClass: 'Time',
    date: '2026-02-10',
    quantity: '1',
    unitPrice: '10.00',
    amount: '10.00',
  };
}

function aLine(lineNumber: number, details: readonly InvoiceLineDetail[]): InvoiceLine {
  return {
    lineNumber,
    contractLineId: `line-${lineNumber}`,
    billingMethod: 'TimeAndMaterial',
    amount: `${details.length * 10}.00`,
    details,
  };
}

function anInvoice(lines: readonly InvoiceLine[]): InvoiceDocument {
  return {
    invoiceId: '5b0c3f2e-7f43-4a43-9a3c-6c9f0d1e2a10',
    invoiceNumber: 'INV-000042',
    contractId: 'contract-1',
    customerId: 'customer-1',
    currency: 'EUR',
    billingSplitPercent: '100',
    invoiceRunDate: '2026-03-02',
    processRunId: null,
    correctsInvoiceId: null,
    status: 'Draft',
    totalAmount: '0.00',
    lines,
  };
}

const details = (count: number, from = 0) => Array.from({ length: count }, (_, i) => aDetail(from + i));

/** What a consumer does: the invoice of `InvoiceCreated` with every part's details added. */
function folded(records: InvoiceRecords): InvoiceDocument {
  const [created, ...parts] = records;
  return parts.reduce(
    (invoice, part) => withInvoiceDetails(invoice, part.data),
    invoiceFromCreated(created.data),
  );
}

describe('invoiceRecords', () => {
  describe('when the whole invoice fits one record', () => {
    it('is one InvoiceCreated with every detail and no parts', () => {
      const invoice = anInvoice([aLine(1, details(3))]);

      const sut = invoiceRecords(invoice);

      expect(sut).toEqual([{ type: 'InvoiceCreated', data: { ...invoice, detailParts: 0 } }]);
    });

    it('is one record when it takes exactly the bound', () => {
      const invoice = anInvoice([aLine(1, details(40))]);
      const exactly = bytes({ ...invoice, detailParts: 0 });

      expect(invoiceRecords(invoice, exactly)).toHaveLength(1);
      expect(invoiceRecords(invoice, exactly - 1).length).toBeGreaterThan(1);
    });

    it('publishes an empty invoice as one InvoiceCreated', () => {
      const empty = anInvoice([]);
      expect(invoiceRecords(empty)).toEqual([{ type: 'InvoiceCreated', data: { ...empty, detailParts: 0 } }]);
      const lineWithoutDetails = anInvoice([aLine(1, [])]);
      expect(invoiceRecords(lineWithoutDetails, 1_000)).toHaveLength(1);
    });
  });

  describe('when the details do not fit', () => {
    const invoice = anInvoice([aLine(1, details(700)), aLine(2, details(300, 700)), aLine(3, [])]);
    const bound = 20_000;

    it('keeps every record at or under the bound', () => {
      const sut = invoiceRecords(invoice, bound);

      expect(sut.length).toBeGreaterThan(5);
      expect(Math.max(...sut.map((record) => bytes(record.data)))).toBeLessThanOrEqual(bound);
    });

    it('carries the header and every line with its totals in InvoiceCreated, the first details that fit, and numbers the parts', () => {
      const [created, ...parts] = invoiceRecords(invoice, bound);

      expect(created.type).toBe('InvoiceCreated');
      expect(created.data.lines.map((l) => [l.lineNumber, l.amount])).toEqual([
        [1, '7000.00'],
        [2, '3000.00'],
        [3, '0.00'],
      ]);
      expect(created.data.lines[0].details).toEqual(
        invoice.lines[0].details.slice(0, created.data.lines[0].details.length),
      );
      expect(created.data.detailParts).toBe(parts.length);
      expect(parts.map((p) => [p.type, p.data.part, p.data.partCount])).toEqual(
        parts.map((_, i) => ['InvoiceDetailsAdded', i + 1, parts.length]),
      );
      expect(parts[0].data).toMatchObject({
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        contractId: invoice.contractId,
      });
      expect(parts[0].data.details[0]).toEqual({
        lineNumber: 1,
        ...invoice.lines[0].details[created.data.lines[0].details.length],
      });
    });

    it('folds back into the whole invoice, every detail on its line in order', () => {
      expect(folded(invoiceRecords(invoice, bound))).toEqual(invoice);
    });

    it('fills each part: the next detail would not have fitted', () => {
      const [, ...parts] = invoiceRecords(invoice, bound);

      for (const [index, part] of parts.slice(0, -1).entries()) {
        const next = parts[index + 1].data.details[0];
        expect(bytes({ ...part.data, details: [...part.data.details, next] })).toBeGreaterThan(bound);
      }
    });

    it('publishes a detail that takes a whole part alone in a part of its own', () => {
      const big = aDetail(1, 'x'.repeat(900));
      const tight = anInvoice([aLine(1, [aDetail(0), big, aDetail(2)])]);
      const partSize = bytes({
        invoiceId: tight.invoiceId,
        invoiceNumber: tight.invoiceNumber,
        contractId: tight.contractId,
        part: 3,
        partCount: 3,
        details: [{ lineNumber: 1, ...big }],
      });

      const sut = invoiceRecords(tight, partSize);

      expect(folded(sut)).toEqual(tight);
      expect(
        sut.some(
          (r) =>
            r.type === 'InvoiceDetailsAdded' &&
            r.data.details.length === 1 &&
            r.data.details[0].id === big.id,
        ),
      ).toBe(true);
      expect(Math.max(...sut.map((record) => bytes(record.data)))).toBeLessThanOrEqual(partSize);
    });
  });

  describe('when something cannot be cut to fit', () => {
    it('refuses a detail that alone exceeds the bound, naming it', () => {
      const invoice = anInvoice([aLine(1, [aDetail(0), aDetail(1, `huge-${'x'.repeat(5_000)}`)])]);

      expect(() => invoiceRecords(invoice, 2_000)).toThrow(InvoiceRecordTooLargeError);
      expect(() => invoiceRecords(invoice, 2_000)).toThrow(/detail huge-x+ alone exceeds 2000 bytes/);
    });

    it('refuses a header whose lines alone exceed the bound', () => {
      const invoice = anInvoice(Array.from({ length: 50 }, (_, i) => aLine(i + 1, details(1, i))));

      expect(() => invoiceRecords(invoice, 3_000)).toThrow(/header and 50 lines exceed 3000 bytes/);
    });
  });

  it('bounds the records of 100,000 details by the broker limit, envelope room left', () => {
    const invoice = anInvoice([aLine(1, details(100_000))]);

    const sut = invoiceRecords(invoice);

    expect(sut.length).toBeGreaterThan(10);
    expect(Math.max(...sut.map((record) => bytes(record.data)))).toBeLessThan(MAX_RECORD_BYTES - 5_000);
    expect(folded(sut).lines[0].details).toHaveLength(100_000);
  });
});

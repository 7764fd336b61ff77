import { randomUUID } from 'node:crypto';
import { decodeInvoiceCursor, encodeInvoiceCursor } from './invoice-page-cursor';

describe('invoice page cursor', () => {
  it('gives back exactly the position it encodes', () => {
    const cursor = { createdAtMicros: '1709359200123456', invoiceId: randomUUID() };
    expect(decodeInvoiceCursor(encodeInvoiceCursor(cursor))).toEqual(cursor);
  });

  it('refuses text it did not hand out', () => {
    const forged = Buffer.from("1' OR 1=1:abc").toString('base64url');
    expect(['', 'not base64!', forged, 'a'.repeat(201)].map(decodeInvoiceCursor)).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

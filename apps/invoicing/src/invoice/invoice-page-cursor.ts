/**
 * Where a page of invoices ends: the (creation instant in microseconds, invoice id) of its last
 * invoice, the key the list is ordered by. Opaque to clients (base64url), exact to the
 * microsecond PostgreSQL stores, so no invoice is skipped or repeated between pages.
 */
export interface InvoicePageCursor {
  readonly createdAtMicros: string;
  readonly invoiceId: string;
}

const CURSOR = /^(\d{1,18}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeInvoiceCursor(cursor: InvoicePageCursor): string {
  return Buffer.from(`${cursor.createdAtMicros}:${cursor.invoiceId}`, 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this service handed out. */
export function decodeInvoiceCursor(text: string): InvoicePageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  const match = CURSOR.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return match ? { createdAtMicros: match[1], invoiceId: match[2] } : null;
}

/**
 * Where a page of `GET /invoice-preview` ends: the id of its last contract (due contracts are read in
 * contract id order). Opaque to clients (base64url), like the invoice list's cursor; it carries any id
 * the projection may hold (non-empty, at most 256 characters, no control characters).
 */
const MAX_CURSOR_LENGTH = 1400; // base64url of 256 characters of up to 4 UTF-8 bytes each

export function encodePreviewCursor(lastContractId: string): string {
  return Buffer.from(lastContractId, 'utf8').toString('base64url');
}

/** The contract id, or null when the text is not a cursor this service handed out. */
export function decodePreviewCursor(text: string): string | null {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const id = Buffer.from(text, 'base64url').toString('utf8');
  const wellFormed = encodePreviewCursor(id) === text && [...id].length <= 256;
  // eslint-disable-next-line no-control-regex
  return wellFormed && id.trim().length > 0 && !/[\u0000-\u001f\u007f\ufffd]/.test(id) ? id : null;
}

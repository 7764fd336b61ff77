import { decodePreviewCursor, encodePreviewCursor } from './preview-page-cursor';

describe('the invoice preview page cursor', () => {
  it('gives back the contract id it was made from', () => {
    for (const contractId of ['0b7c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', 'C-2025/01', 'ü'.repeat(256)]) {
      expect(decodePreviewCursor(encodePreviewCursor(contractId))).toBe(contractId);
    }
  });

  it('refuses text it never handed out', () => {
    const refused = [
      '',
      'not a cursor',
      'x'.repeat(1401),
      encodePreviewCursor('line\nbreak'),
      encodePreviewCursor(' '),
      encodePreviewCursor('a'.repeat(257)),
      Buffer.from([0xff, 0xfe]).toString('base64url'),
    ];
    expect(refused.map(decodePreviewCursor)).toEqual(refused.map(() => null));
  });
});

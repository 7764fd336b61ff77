import fc from 'fast-check';
import {
  hash64,
  recordedFingerprint,
  TransactionIndex,
  transactionCount,
  transactionFingerprint,
  withTransaction,
} from './transaction-index';

const body = {
  contractLineId: 'line-1',
  transactionClass: 'Time' as const,
  transactionDate: '2025-03-10',
  quantity: '8',
  unitPrice: '100.00',
  description: null,
  resourceRole: null,
};

describe('the transaction index', () => {
  it('finds what was added and nothing else', () => {
    const sut = withTransaction(withTransaction(null, 'a', 'fp-a'), 'b', 'fp-b');
    expect(recordedFingerprint(sut, 'a')).toBe('fp-a');
    expect(recordedFingerprint(sut, 'b')).toBe('fp-b');
    expect(recordedFingerprint(sut, 'c')).toBeUndefined();
    expect(recordedFingerprint(null, 'a')).toBeUndefined();
  });

  it.each(['constructor', '__proto__', 'toString', '0', 'length'])('takes %j for an ordinary id', (id) => {
    expect(recordedFingerprint(withTransaction(null, 'other', 'x'), id)).toBeUndefined();
    expect(recordedFingerprint(withTransaction(null, id, 'fp'), id)).toBe('fp');
  });

  it('leaves the index it was given as it was', () => {
    const before = withTransaction(null, 'a', 'fp-a');
    const json = JSON.stringify(before);
    withTransaction(before, 'b', 'fp-b');
    expect(JSON.stringify(before)).toBe(json);
    expect(recordedFingerprint(before, 'b')).toBeUndefined();
  });

  it('behaves as a map from id to fingerprint, for any ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.stringMatching(/^[0-9a-f]{16}$/))),
        fc.string(),
        (entries, probe) => {
          const model = new Map<string, string>();
          let sut: TransactionIndex = null;
          for (const [id, fingerprint] of entries) {
            model.set(id, fingerprint);
            sut = withTransaction(sut, id, fingerprint);
          }
          for (const [id] of entries) expect(recordedFingerprint(sut, id)).toBe(model.get(id));
          expect(recordedFingerprint(sut, probe)).toBe(model.get(probe));
          expect(transactionCount(sut)).toBe(model.size);
        },
      ),
    );
  });
});

describe('a transaction fingerprint', () => {
  it('is 16 hex digits', () => {
    expect(transactionFingerprint(body)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the same for decimals spelled otherwise', () => {
    expect(transactionFingerprint({ ...body, quantity: '8.00', unitPrice: '100' })).toBe(
      transactionFingerprint(body),
    );
  });

  it.each([
    { contractLineId: 'line-2' },
    { transactionClass: 'Fee' as const },
    { transactionDate: '2025-03-11' },
    { quantity: '-8' },
    { unitPrice: '100.01' },
    { description: '' },
    { resourceRole: 'null' },
  ])('changes when the body changes: %j', (change) => {
    expect(transactionFingerprint({ ...body, ...change })).not.toBe(transactionFingerprint(body));
  });
});

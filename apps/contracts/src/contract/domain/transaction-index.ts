import { TransactionClass } from '@app/event-contracts';
import { decimalValueKey } from './field-rules';

/**
 * What the contract remembers of its recorded transactions: only what idempotency needs, a
 * fingerprint of each transaction's body by id. Amounts and totals are not kept (the invoicing side
 * applies `notToExceed`), so the state stays small enough to snapshot on every write.
 *
 * Recording must stay cheap on a contract with a hundred thousand transactions, and `evolve` must
 * not change the state it is given. So the index is a persistent trie, three levels of 16 slots
 * chosen by a hash of the id (4,096 leaves); recording a transaction copies one path of three small
 * arrays and one leaf, and every other node is shared with the previous state. A leaf lists
 * `[id, fingerprint, id, fingerprint, ...]`. Plain arrays, not a Map or Set, so it is JSON as it is.
 */
type Leaf = readonly string[];
type Branch = readonly (Branch | Leaf | null)[];
export type TransactionIndex = Branch | null;

const LEVELS = 3;
const SLOTS = 16;

export interface TransactionBody {
  readonly contractLineId: string;
  readonly transactionClass: TransactionClass;
  readonly transactionDate: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly description: string | null;
  readonly resourceRole: string | null;
}

/** Two 32-bit lanes of cyrb53 mixing: fast, non-cryptographic, well spread. */
function hashLanes(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * A 64-bit hash as 16 hex digits. A false "same body" needs two different bodies under one
 * transaction id to collide: about 2^-64.
 */
export function hash64(text: string): string {
  const [h1, h2] = hashLanes(text);
  return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0');
}

/** Decimals are compared by value, so a retry that spells "2.50" as "2.5" is the same body. */
export function transactionFingerprint(body: TransactionBody): string {
  return hash64(
    JSON.stringify([
      body.contractLineId,
      body.transactionClass,
      body.transactionDate,
      decimalValueKey(body.quantity),
      decimalValueKey(body.unitPrice),
      body.description,
      body.resourceRole,
    ]),
  );
}

function slotsOf(transactionId: string): number[] {
  const [hash] = hashLanes(transactionId);
  return Array.from({ length: LEVELS }, (_, level) => (hash >>> (4 * level)) & (SLOTS - 1));
}

export function recordedFingerprint(index: TransactionIndex, transactionId: string): string | undefined {
  let node: Branch | Leaf | null = index;
  for (const slot of slotsOf(transactionId)) {
    if (node === null) return undefined;
    node = (node as Branch)[slot];
  }
  const leaf = (node ?? []) as Leaf;
  for (let i = 0; i < leaf.length; i += 2) {
    if (leaf[i] === transactionId) return leaf[i + 1];
  }
  return undefined;
}

function withEntry(leaf: Leaf | null, transactionId: string, fingerprint: string): Leaf {
  const entries = [...(leaf ?? [])];
  const at = entries.findIndex((value, i) => i % 2 === 0 && value === transactionId);
  if (at >= 0) entries[at + 1] = fingerprint;
  else entries.push(transactionId, fingerprint);
  return entries;
}

/** A new index with the transaction added; the given index is left as it was. */
export function withTransaction(
  index: TransactionIndex,
  transactionId: string,
  fingerprint: string,
): TransactionIndex {
  const slots = slotsOf(transactionId);
  const put = (node: Branch | Leaf | null, level: number): Branch | Leaf => {
    if (level === LEVELS) return withEntry(node as Leaf | null, transactionId, fingerprint);
    const branch = node === null ? new Array<Branch | Leaf | null>(SLOTS).fill(null) : [...(node as Branch)];
    branch[slots[level]] = put(branch[slots[level]], level + 1);
    return branch;
  };
  return put(index, 0) as Branch;
}

export function transactionCount(index: TransactionIndex): number {
  const count = (node: Branch | Leaf | null, level: number): number => {
    if (node === null) return 0;
    if (level === LEVELS) return node.length / 2;
    return (node as Branch).reduce((total: number, child) => total + count(child, level + 1), 0);
  };
  return count(index, 0);
}

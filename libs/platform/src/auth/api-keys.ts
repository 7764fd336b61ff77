import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (key: string): Uint8Array => new Uint8Array(createHash('sha256').update(key, 'utf8').digest());

/**
 * Configured keys held as SHA-256 digests: comparing equal-length digests with `timingSafeEqual`
 * and checking every key leaks neither a key's length nor which key nearly matched.
 */
export class ApiKeys {
  private readonly digests: readonly Uint8Array[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  matches(presented: string): boolean {
    const candidate = digest(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, candidate) || matched;
    return matched;
  }
}

/** The key from `Authorization: Bearer <key>`, or null when the header is missing or of another kind. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

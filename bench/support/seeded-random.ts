/**
 * A small seeded generator (mulberry32), so every run of the benchmark produces the same data from
 * the same seed: ids, classes, dates, quantities. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A version-4-shaped UUID (the services validate ids as UUIDs). */
  uuid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 4; i += 1) hex.push(((this.next() * 2 ** 32) >>> 0).toString(16).padStart(8, '0'));
    const digits = hex.join('');
    const variant = ((parseInt(digits[16], 16) & 0x3) | 0x8).toString(16);
    return (
      `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-` +
      `${variant}${digits.slice(17, 20)}-${digits.slice(20, 32)}`
    );
  }
}

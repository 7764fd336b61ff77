/** Where "now" comes from; logic takes it as a dependency so tests control time. */
export interface Clock {
  now(): Date;
}

/** DI token for {@link Clock}. */
export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that moves only when told to: for tests and simulations. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

import { Injectable } from '@nestjs/common';

/** Reads what a part of the service wants `/health/ready` to show; it never turns readiness down. */
export type ReadinessDetail = () => Promise<Record<string, unknown>>;

/**
 * Details a service adds to `GET /health/ready` under a key of its own (the outbox relay's parked
 * events, say): reported as `up` with the details, so a condition that leaves the service serving
 * does not take every replica out of rotation at once (ADR 0004, "Parking").
 */
@Injectable()
export class ReadinessDetails {
  private readonly details = new Map<string, ReadinessDetail>();

  add(key: string, read: ReadinessDetail): void {
    this.details.set(key, read);
  }

  entries(): [string, ReadinessDetail][] {
    return [...this.details];
  }
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this replica in lease columns: host and process, plus a nonce so two apps in one process differ. */
export class ReplicaIdentity {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

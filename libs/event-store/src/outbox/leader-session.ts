import { Client, ClientConfig } from 'pg';
import { EventStoreLogger, describeError } from '../common/logger';

/** A relay query takes milliseconds; one without an answer this long means the connection is gone. */
const QUERY_TIMEOUT_MS = 30_000;

/**
 * The server frees the lock of a leader it can no longer reach within about a minute, instead of
 * after the operating system's two-hour keepalive default: keepalive probes detect a dead peer, and
 * a session idle that long (the leader polls several times a second) is ended.
 */
const SERVER_SIDE_LIVENESS = `SELECT set_config('tcp_keepalives_idle', '20', false),
  set_config('tcp_keepalives_interval', '5', false),
  set_config('tcp_keepalives_count', '4', false),
  set_config('idle_session_timeout', '60s', false)`;

/**
 * A dedicated PostgreSQL connection that holds the relay's session advisory lock. The lock lives
 * exactly as long as the connection: a crashed or partitioned replica loses it without any lease
 * bookkeeping. The relay also reads, writes its checkpoint and LISTENs on this connection, so a
 * relay that lost its lock cannot move the checkpoint either.
 */
export class LeaderSession {
  private readonly client: Client;
  private connected = false;
  private isBroken = false;
  private holdsLock = false;
  private listening = false;

  constructor(
    connection: string | ClientConfig,
    private readonly lockName: string,
    private readonly logger: EventStoreLogger,
  ) {
    const config = typeof connection === 'string' ? { connectionString: connection } : connection;
    this.client = new Client({
      keepAlive: true,
      query_timeout: QUERY_TIMEOUT_MS,
      ...config,
      application_name: lockName,
    });
    // Without a listener a dropped connection would crash the process; we only mark the session dead.
    this.client.on('error', (error) => {
      this.isBroken = true;
      this.logger.warn(`outbox relay ${lockName}: database connection lost (${describeError(error)})`);
    });
    this.client.on('end', () => {
      this.isBroken = true;
    });
  }

  get broken(): boolean {
    return this.isBroken;
  }

  get leader(): boolean {
    return this.holdsLock && !this.isBroken;
  }

  /** Whether this session ever won the lock (it may have lost it since with its connection). */
  get wonLock(): boolean {
    return this.holdsLock;
  }

  async tryAcquire(): Promise<boolean> {
    if (!this.connected) {
      try {
        await this.client.connect();
      } catch (error) {
        // A pg client cannot connect twice: the relay replaces a session whose connect failed.
        this.isBroken = true;
        throw error;
      }
      this.connected = true;
      await this.query(SERVER_SIDE_LIVENESS);
    }
    const rows = await this.query<{ acquired: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
      [this.lockName],
    );
    this.holdsLock = rows[0].acquired;
    return this.holdsLock;
  }

  async listen(channel: string, onNotification: () => void): Promise<void> {
    if (this.listening) return;
    await this.client.query(`LISTEN "${channel}"`);
    this.client.on('notification', (message) => {
      if (message.channel === channel) onNotification();
    });
    this.listening = true;
  }

  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    try {
      const result = await this.client.query(sql, parameters);
      return result.rows as T[];
    } catch (error) {
      // A query that got no answer leaves the connection unusable: let the relay replace it.
      if (error instanceof Error && /timeout/i.test(error.message)) this.isBroken = true;
      throw error;
    }
  }

  /** Releases the lock (if the connection still works) and closes the connection. */
  async close(): Promise<void> {
    if (this.connected && !this.isBroken && this.holdsLock) {
      await this.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.lockName]).catch(
        () => undefined,
      );
    }
    this.holdsLock = false;
    this.isBroken = true;
    if (this.connected) await this.client.end().catch(() => undefined);
    this.connected = false;
  }
}

import { ConsumerConfig, EachBatchPayload, RetryOptions } from 'kafkajs';

/**
 * The retry policy for a consumer's own kafkajs client (kafkajs connects with the client's policy,
 * whatever a consumer asks for): attempts at most 2 s apart for about a minute. A consumer that
 * outlives a broker restart this way keeps its group membership and fetches again within seconds;
 * one whose client gave up restarts as a new member (see `GROUP_MEMBERSHIP`).
 */
export const CONSUMER_CLIENT_RETRY: RetryOptions = {
  initialRetryTime: 300,
  maxRetryTime: 2_000,
  retries: 35,
};

/**
 * How long the broker keeps a silent member in the group. A consumer that crashed during a Kafka
 * outage (kafkajs gave up reconnecting) comes back as a new member, and the group waits for the old
 * one to expire before it hands out partitions again: with kafkajs' 30 s default that was the
 * pause after a long outage. The batch in hand keeps heartbeating (see `keepMembershipDuring`), so
 * a long batch is no reason for the broker to drop a member, and 10 s costs no rebalances.
 */
export const GROUP_MEMBERSHIP: Pick<ConsumerConfig, 'sessionTimeout' | 'heartbeatInterval'> = {
  sessionTimeout: 10_000,
  heartbeatInterval: 2_000,
};

/**
 * Heartbeats while `work` runs (kafkajs sends them only between batches), so that the session
 * timeout bounds how long a dead member is waited for, not how long a batch may take. A failed
 * heartbeat is left to the next one and to kafkajs' own after the batch, which rejoins if needed.
 */
export async function keepMembershipDuring<T>(
  payload: Pick<EachBatchPayload, 'heartbeat'>,
  intervalMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let beating = false;
  const timer = setInterval(() => {
    // During an outage a heartbeat retries for a while: one at a time, not one per tick.
    if (beating) return;
    beating = true;
    payload
      .heartbeat()
      .catch(() => undefined)
      .finally(() => (beating = false));
  }, intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

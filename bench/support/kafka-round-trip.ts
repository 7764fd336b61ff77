import { Partitioners } from 'kafkajs';
import { BenchRun } from './bench-run';
import { createTopics } from './kafka-tools';
import { nowMs, pollUntil } from './measure';
import { atSteadyRate } from './steady-rate';

/**
 * A bare kafkajs produce → consume round trip per message at a steady rate, on a fresh 6-partition
 * topic: the latency floor of any path through this broker. Returns the round trips in ms.
 */
export async function kafkaRoundTrips(
  run: BenchRun,
  ratePerSecond: number,
  durationMs: number,
): Promise<number[]> {
  const topic = `${run.topicPrefix('round-trip')}round-trip`;
  await createTopics(run.kafka, [topic], 6);
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = run.kafka.consumer({ groupId: `${topic}.consumer`, maxWaitTimeInMs: 100 });
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        const started = sentAt.get(key);
        if (started !== undefined) samples.push(nowMs() - started);
      },
    });
    await pollUntil('the round-trip consumer to join its group', async () => (joined ? true : undefined), {
      intervalMs: 50,
      timeoutMs: 60_000,
    });
    const { started } = await atSteadyRate(ratePerSecond, durationMs, async (index) => {
      const key = `message-${index}`;
      sentAt.set(key, nowMs());
      await producer.send({ topic, acks: -1, messages: [{ key, value: 'x' }] });
    });
    await pollUntil('every round trip', async () => (samples.length >= started ? true : undefined), {
      intervalMs: 50,
      timeoutMs: 30_000,
    }).catch(() => undefined);
    return samples;
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
  }
}

import { Kafka, logLevel } from 'kafkajs';
import { kafkaAnswers } from '../../../../scripts/infra';
import { consumeAll, PrivateKafkaBroker, startPrivateKafkaBroker, testKafka, uniqueTopicPrefix } from '.';

/** Fault tests stop and start a broker of their own; it must come back with its data. */
describe('a private Kafka broker', () => {
  let sut: PrivateKafkaBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    sut = await startPrivateKafkaBroker();
    // Its clients log connection errors on purpose while the broker is down.
    kafka = testKafka({ brokers: sut.brokers, logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await sut.dispose();
  });

  it('stops, answers nothing while stopped, and starts again with its topics intact', async () => {
    const topic = `${uniqueTopicPrefix('private')}restart`;
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'before the stop' }] });
    await producer.disconnect();

    await sut.stop();
    const answersWhileStopped = await kafkaAnswers(sut.brokers, 1000);
    await sut.start();

    expect(answersWhileStopped).toBe(false);
    const consumed = await consumeAll(topic, { count: 1, kafka, timeoutMs: 30000 });
    expect(consumed.map((message) => message.value)).toEqual(['before the stop']);
  });
});

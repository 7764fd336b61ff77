import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { resendableThroughSameProducer, sendRefusal } from './send-refusal';

function protocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(
    Object.assign(new Error(`broker says ${type}`), { type, code: 0, retriable }),
  );
}

describe('sendRefusal', () => {
  it.each(['MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'TOPIC_AUTHORIZATION_FAILED', 'POLICY_VIOLATION'])(
    'finds %s behind the wrapper kafkajs throws from a send',
    (type) => {
      const cause = protocolError(type, false);
      // What the kafkajs retrier throws when the producer bails on a non-retriable protocol error.
      const NonRetriable = KafkaJSNonRetriableError as unknown as new (
        e: Error,
        o: { cause: Error },
      ) => Error;
      const error = new NonRetriable(cause, { cause });
      expect(sendRefusal(error)).toEqual({ type, message: `broker says ${type}` });
    },
  );

  it('finds a CORRUPT_MESSAGE that outlived the producer retries', () => {
    const cause = protocolError('CORRUPT_MESSAGE', true);
    const error = new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 100 });
    expect(sendRefusal(error)?.type).toBe('CORRUPT_MESSAGE');
  });

  it.each([
    ['a broker away', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
    ['a timeout', new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')],
    ['no leader', protocolError('LEADER_NOT_AVAILABLE', true)],
    ['a producer-state error', protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', false)],
    ['an error that is not Kafka', new Error('boom')],
    ['something thrown that is not an error', 'boom'],
  ])('calls %s transient', (_, error) => {
    expect(sendRefusal(error)).toBeUndefined();
  });
});

describe('resendableThroughSameProducer', () => {
  it.each([
    ['a broker away', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
    ['a timeout', new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')],
    [
      'no leader after the retries',
      new KafkaJSNumberOfRetriesExceeded(protocolError('NOT_LEADER_OR_FOLLOWER', true), {
        retryCount: 5,
        retryTime: 100,
      }),
    ],
  ])('sends %s again through the same producer', (_, error) => {
    expect(resendableThroughSameProducer(error)).toBe(true);
  });

  it.each([
    ['a producer-state error', protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', false)],
    [
      'a producer-state error behind the retries',
      new KafkaJSNumberOfRetriesExceeded(protocolError('INVALID_PRODUCER_EPOCH', false), {
        retryCount: 1,
        retryTime: 100,
      }),
    ],
    ['a refusal', protocolError('MESSAGE_TOO_LARGE', false)],
    [
      'a send abandoned after its time bound',
      Object.assign(new Error('did not end'), { name: 'OutboxSendTimeoutError' }),
    ],
    ['an error that is not Kafka', new Error('boom')],
  ])('needs a fresh producer after %s', (_, error) => {
    expect(resendableThroughSameProducer(error)).toBe(false);
  });
});

import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { QueryFailedError } from 'typeorm';
import { DeadLetterNotWrittenError, isTransientFailure, unexpectedFailure } from './handler-failure';

function postgresError(code: string, message = 'refused'): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('isTransientFailure', () => {
  describe('when the database or Kafka is in trouble', () => {
    it.each([
      ['connection refused', socketError('ECONNREFUSED')],
      ['connection reset', socketError('ECONNRESET')],
      ['both addresses refused', new AggregateError([socketError('ECONNREFUSED')], 'connect failed')],
      ['a lost connection', new Error('Connection terminated unexpectedly')],
      ['an exhausted pool', new Error('timeout exceeded when trying to connect')],
      ['a server shutting down (57P01)', postgresError('57P01', 'terminating connection')],
      ['a statement timeout (57014)', postgresError('57014', 'canceling statement due to statement timeout')],
      ['a lock timeout (55P03)', postgresError('55P03')],
      ['a serialization failure (40001)', postgresError('40001')],
      ['a deadlock (40P01)', postgresError('40P01')],
      ['too many connections (53300)', postgresError('53300')],
      ['a connection failure (08006)', postgresError('08006')],
      ['a missing table (42P01)', postgresError('42P01')],
      ['a Kafka connection error', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
      [
        'Kafka retries exhausted',
        new KafkaJSNumberOfRetriesExceeded(new Error('broker away'), { retryCount: 5, retryTime: 2000 }),
      ],
      ['a dead letter not written', new DeadLetterNotWrittenError(new Error('MESSAGE_TOO_LARGE'))],
      ['an outage wrapped as a cause', new Error('projection failed', { cause: socketError('ETIMEDOUT') })],
    ])('retries %s for as long as it takes', (_, error) => {
      expect(isTransientFailure(error)).toBe(true);
    });
  });

  describe('when the handler fails for a reason of its own', () => {
    it.each([
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'amount')")],
      ['a plain Error', new Error('no schedule entry for the line')],
      ['a unique violation (23505)', postgresError('23505', 'duplicate key value')],
      ['a check violation (23514)', postgresError('23514')],
      ['an internal error (XX000)', postgresError('XX000')],
      ['a string thrown', 'boom'],
      ['undefined thrown', undefined],
    ])('counts %s as unexpected', (_, error) => {
      expect(isTransientFailure(error)).toBe(false);
    });
  });
});

describe('unexpectedFailure', () => {
  it('names the error class, its message and the attempts made', () => {
    const reason = unexpectedFailure(new TypeError('x is undefined'), 5);
    expect(reason).toMatchObject({
      code: 'UNEXPECTED_ERROR',
      message: 'TypeError: x is undefined (failed 5 attempts)',
    });
  });
});

import { DLQ_HEADERS } from '@app/event-contracts';
import {
  asInvalidMessage,
  DEAD_LETTER_SOURCE_HEADERS,
  isTooLargeForTopic,
  toDeadLetterMessage,
  withoutValue,
} from './dead-letter';
import { InvalidMessageError } from './invalid-message.error';
import { ReceivedMessage } from './received-message';

function aReceivedMessage(overrides: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return {
    topic: 'contracts.commands',
    partition: 3,
    offset: '41',
    key: Buffer.from('contract-1'),
    value: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    headers: { 'trace-id': Buffer.from('abc') },
    timestamp: '1767225600000',
    ...overrides,
  };
}

describe('toDeadLetterMessage', () => {
  const error = new InvalidMessageError('MALFORMED_JSON', 'message is not valid JSON');

  it('keeps the original bytes and key', () => {
    const message = aReceivedMessage();
    const sut = toDeadLetterMessage({ message, error });
    expect(sut.value).toBe(message.value);
    expect(sut.key).toBe(message.key);
  });

  it('keeps the original headers and adds the reason and the source position', () => {
    const sut = toDeadLetterMessage({ message: aReceivedMessage(), error });
    expect(sut.headers).toEqual({
      'trace-id': Buffer.from('abc'),
      [DLQ_HEADERS.errorCode]: 'MALFORMED_JSON',
      [DLQ_HEADERS.errorMessage]: 'message is not valid JSON',
      [DEAD_LETTER_SOURCE_HEADERS.topic]: 'contracts.commands',
      [DEAD_LETTER_SOURCE_HEADERS.partition]: '3',
      [DEAD_LETTER_SOURCE_HEADERS.offset]: '41',
    });
  });

  it('bounds a very long error message', () => {
    const long = new InvalidMessageError('RULE', 'x'.repeat(5_000));
    const header = toDeadLetterMessage({ message: aReceivedMessage(), error: long }).headers?.[
      DLQ_HEADERS.errorMessage
    ];
    expect(String(header)).toHaveLength(1_000);
  });
});

describe('asInvalidMessage', () => {
  it('keeps an InvalidMessageError as it is', () => {
    const error = new InvalidMessageError('INVALID_ENVELOPE', 'eventId must be a UUID', 'eventId');
    expect(asInvalidMessage(error)).toBe(error);
  });

  it('turns any other parse failure into an unreadable-message error with its text', () => {
    const sut = asInvalidMessage(new TypeError('cannot read properties of undefined'));
    expect(sut.code).toBe('UNREADABLE_MESSAGE');
    expect(sut.message).toBe('cannot read properties of undefined');
  });
});

describe('withoutValue', () => {
  it('drops the value and says how large it was and why, keeping the reason and the source', () => {
    const letter = {
      key: 'k',
      value: Buffer.alloc(2048),
      headers: { 'error-code': 'MALFORMED_JSON', 'original-offset': '7' },
    };
    expect(withoutValue(letter)).toEqual({
      key: 'k',
      value: null,
      headers: {
        'error-code': 'MALFORMED_JSON',
        'original-offset': '7',
        'original-value-bytes': '2048',
        'original-value-dropped': 'larger than the dead-letter topic accepts',
      },
    });
  });
});

describe('isTooLargeForTopic', () => {
  it('recognises the broker error, also as the cause of a wrapped error', () => {
    const refused = Object.assign(
      new Error('The request included a message larger than the max message size the server will accept'),
      { type: 'MESSAGE_TOO_LARGE' },
    );
    expect(isTooLargeForTopic(refused)).toBe(true);
    expect(isTooLargeForTopic(Object.assign(new Error('send failed'), { cause: refused }))).toBe(true);
  });

  it('leaves other failures to the retry', () => {
    expect(isTooLargeForTopic(new Error('Connection timeout'))).toBe(false);
    expect(isTooLargeForTopic(undefined)).toBe(false);
  });
});

import { logLevel } from 'kafkajs';
import { kafkaEntryLevel } from './kafka-log-levels';

describe('the level of a kafkajs log entry', () => {
  const response = (error: string) => ({ message: 'Response Metadata(key: 3, version: 6)', error });

  it('given a rebalance answer to a heartbeat, when logged, then it is debug: groups rebalance as replicas join', () => {
    const heartbeat = {
      message: 'Response Heartbeat(key: 12, version: 3)',
      error: 'The group is rebalancing, so a rejoin is needed',
    };
    expect(kafkaEntryLevel('Connection', logLevel.ERROR, heartbeat)).toBe('debug');
  });

  it('given a topic another replica created first, then it is debug', () => {
    expect(
      kafkaEntryLevel('Connection', logLevel.ERROR, response('Topic with this name already exists')),
    ).toBe('debug');
  });

  it('given topics another replica is creating at the same start, then it is debug', () => {
    const createTopics = {
      message: 'Response CreateTopics(key: 19, version: 3)',
      error: 'Topic creation errors',
    };
    expect(kafkaEntryLevel('Connection', logLevel.ERROR, createTopics)).toBe('debug');
  });

  it('given a retriable answer (a leader moving while a topic is created), then it is a warning', () => {
    const notLeader = response('This server is not the leader for that topic-partition');
    expect(kafkaEntryLevel('Connection', logLevel.ERROR, notLeader)).toBe('warn');
    expect(
      kafkaEntryLevel(
        'Connection',
        logLevel.ERROR,
        response(
          'There is no leader for this topic-partition as we are in the middle of a leadership election',
        ),
      ),
    ).toBe('warn');
  });

  it('given an answer that is no routine and not retriable, then it stays an error', () => {
    expect(
      kafkaEntryLevel(
        'Connection',
        logLevel.ERROR,
        response('The request included message batch larger than the configured segment size on the server'),
      ),
    ).toBe('error');
    expect(
      kafkaEntryLevel(
        'Connection',
        logLevel.ERROR,
        response('Not authorized to access topics: [Topic authorization failed]'),
      ),
    ).toBe('error');
  });

  it('given an error of another kind or namespace, then it keeps its level', () => {
    expect(
      kafkaEntryLevel('Connection', logLevel.ERROR, {
        message: 'Connection error: connect ECONNREFUSED',
        error: 'x',
      }),
    ).toBe('error');
    expect(
      kafkaEntryLevel(
        'Consumer',
        logLevel.ERROR,
        response('The group is rebalancing, so a rejoin is needed'),
      ),
    ).toBe('error');
    expect(kafkaEntryLevel('Connection', logLevel.WARN, { message: 'Response Fetch' })).toBe('warn');
    expect(kafkaEntryLevel('Connection', logLevel.INFO, { message: 'Connected' })).toBe('debug');
  });
});

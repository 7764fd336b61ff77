export * from './test-database';
export * from './kafka';
export * from './wait-for';
export * from './private-kafka-broker';
export * from './private-kafka-cluster';
export * from './topic-publisher';

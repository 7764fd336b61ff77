/** DI token for the service's kafkajs `Kafka` client. */
export const KAFKA = Symbol('KAFKA');

/** DI token for the topic names (already prefixed) a service creates at start. */
export const SERVICE_TOPICS = Symbol('SERVICE_TOPICS');

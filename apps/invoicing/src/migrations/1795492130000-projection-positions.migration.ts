import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the contract projection has read `contracts.events` (see docs/adr/0005): per rebuild
 * generation and partition, the offset after the last record it has applied, held or refused,
 * written in the same transaction as the rows that record changed. A process run waits until these
 * reach the topic's end offsets read at its start (docs/adr/0006).
 */
const UP = [
  `CREATE TABLE invoicing.projection_positions (
    generation int NOT NULL,
    topic text NOT NULL,
    kafka_partition int NOT NULL,
    next_offset bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (generation, topic, kafka_partition)
  )`,
];

const DOWN = ['DROP TABLE IF EXISTS invoicing.projection_positions'];

export class ProjectionPositions1795492130000 implements MigrationInterface {
  name = 'ProjectionPositions1795492130000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

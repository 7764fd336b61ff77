import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contract events the projection refused (see docs/adr/0005), one row per contract and stream
 * version: a refused event leaves its contract's version where it was, so while the row's version
 * is the contract's next one the contract is held by it, and `GET /projection` says why. Written
 * in the batch that refused the event; removed once the contract has moved past that version.
 */
const UP = [
  `CREATE TABLE invoicing.projection_refused_events (
    stream_id text NOT NULL,
    stream_version int NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    error_code text NOT NULL,
    error_message text NOT NULL,
    refused_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id, stream_version)
  )`,
];

const DOWN = ['DROP TABLE IF EXISTS invoicing.projection_refused_events'];

export class ProjectionRefusedEvents1795492500000 implements MigrationInterface {
  name = 'ProjectionRefusedEvents1795492500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

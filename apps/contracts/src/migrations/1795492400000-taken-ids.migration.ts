import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Line, milestone and transaction ids are global (ADR 0008, "Global ids"): `taken_ids` names the
 * contract that holds each, and its primary key refuses a second holder however the writes race.
 * Ids in the event store before this table existed are taken by the contract that recorded them
 * first; a later contract that recorded the same id keeps its events but takes no more ids that way.
 */
export class TakenIds1795492400000 implements MigrationInterface {
  name = 'TakenIds1795492400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE taken_ids (
        kind text NOT NULL CHECK (kind IN ('ContractLine', 'Milestone', 'Transaction')),
        id text NOT NULL,
        contract_id text NOT NULL,
        PRIMARY KEY (kind, id)
      )`);
    await queryRunner.query(`
      INSERT INTO taken_ids (kind, id, contract_id)
      SELECT kind, id, stream_id FROM (
        SELECT
          CASE event_type WHEN 'ContractLineAdded' THEN 'ContractLine'
            WHEN 'MilestoneAdded' THEN 'Milestone' ELSE 'Transaction' END AS kind,
          CASE event_type WHEN 'ContractLineAdded' THEN data->>'contractLineId'
            WHEN 'MilestoneAdded' THEN data->>'milestoneId' ELSE data->>'transactionId' END AS id,
          stream_id, global_position
        FROM events
        WHERE event_type IN ('ContractLineAdded', 'MilestoneAdded', 'TransactionRecorded')
      ) created
      ORDER BY global_position
      ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS taken_ids');
  }
}

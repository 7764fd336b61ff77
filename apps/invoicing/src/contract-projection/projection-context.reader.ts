import { ContractEventEnvelope } from '@app/event-contracts';
import { QueryRunner } from 'typeorm';
import { KnownLine, KnownMilestone, ProjectionContext } from './domain';
import { queryRows } from '../database';

const NEEDS_NO_LINES = new Set<ContractEventEnvelope['eventType']>([
  'ContractCreated',
  'ContractCustomersSet',
]);

/**
 * What the read model holds about the contracts of a batch, read with at most three set-based
 * queries: their versions, their lines (to check references and number new lines) and the
 * milestones the events name.
 */
export async function loadProjectionContext(
  runner: QueryRunner,
  events: readonly ContractEventEnvelope[],
): Promise<ProjectionContext> {
  const contractIds = unique(events.map((e) => e.streamId));
  const withLines = unique(events.filter((e) => !NEEDS_NO_LINES.has(e.eventType)).map((e) => e.streamId));
  const milestoneIds = unique(events.flatMap((e) => ('milestoneId' in e.data ? [e.data.milestoneId] : [])));
  // One connection runs one statement at a time: these go one after another.
  const versions = await queryRows<{ contract_id: string; stream_version: number }>(
    runner,
    `SELECT contract_id, stream_version FROM invoicing.projected_contracts WHERE contract_id = ANY($1::text[])`,
    [contractIds],
  );
  const lines =
    withLines.length === 0
      ? []
      : await queryRows<{ contract_line_id: string; contract_id: string; line_order: number }>(
          runner,
          `SELECT contract_line_id, contract_id, line_order FROM invoicing.projected_lines
           WHERE contract_id = ANY($1::text[])`,
          [withLines],
        );
  const milestones =
    milestoneIds.length === 0
      ? []
      : await queryRows<{ milestone_id: string; contract_id: string; contract_line_id: string }>(
          runner,
          `SELECT milestone_id, contract_id, contract_line_id FROM invoicing.milestones
           WHERE milestone_id = ANY($1::text[])`,
          [milestoneIds],
        );
  return {
    versions: new Map(versions.map((r) => [r.contract_id, r.stream_version])),
    lines: new Map(
      lines.map((r): [string, KnownLine] => [
        r.contract_line_id,
        { contractId: r.contract_id, lineOrder: r.line_order },
      ]),
    ),
    milestones: new Map(
      milestones.map((r): [string, KnownMilestone] => [
        r.milestone_id,
        { contractId: r.contract_id, contractLineId: r.contract_line_id },
      ]),
    ),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

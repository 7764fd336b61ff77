import { ContractEvent } from '@app/event-contracts';
import { RuleViolation } from './rule-violation';

/*
 * A contract line, milestone or transaction id names one thing across all contracts (ADR 0008,
 * "Global ids"): invoicing keys its projection by these ids, so one taken by a second contract
 * would hold that contract back there for ever. The decider refuses a new id that another contract
 * holds; the adapter claims every new id in `taken_ids` in the append's transaction, which settles
 * a race between two contracts.
 */

export type GlobalIdKind = 'ContractLine' | 'Milestone' | 'Transaction';

export interface GlobalId {
  readonly kind: GlobalIdKind;
  readonly id: string;
}

/** The request field that carries an id of each kind. */
export const GLOBAL_ID_FIELDS: Readonly<Record<GlobalIdKind, string>> = {
  ContractLine: 'contractLineId',
  Milestone: 'milestoneId',
  Transaction: 'transactionId',
};

/** Which contract holds each id, by {@link globalIdKey}; an id not listed is held by none. */
export type IdHolders = ReadonlyMap<string, string>;

export function globalIdKey({ kind, id }: GlobalId): string {
  return `${kind}:${id}`;
}

/** The ids an event gives to its contract. */
export function idsCreatedBy(event: ContractEvent): GlobalId[] {
  switch (event.type) {
    case 'ContractLineAdded':
      return [{ kind: 'ContractLine', id: event.data.contractLineId }];
    case 'MilestoneAdded':
      return [{ kind: 'Milestone', id: event.data.milestoneId }];
    case 'TransactionRecorded':
      return [{ kind: 'Transaction', id: event.data.transactionId }];
    default:
      return [];
  }
}

export function idTaken({ kind, id }: GlobalId): RuleViolation {
  const field = GLOBAL_ID_FIELDS[kind];
  return { code: 'ID_TAKEN', message: `${field} ${id} is already used by another contract`, field };
}

/**
 * The first id the events would give to `contractId` that another contract holds. Only new ids
 * are in events: a repeated create of the contract's own line or transaction decides no events,
 * so it is never refused here.
 */
export function checkIdsFree(
  contractId: string,
  events: readonly ContractEvent[],
  holders: IdHolders,
): RuleViolation | undefined {
  for (const event of events) {
    for (const created of idsCreatedBy(event)) {
      const holder = holders.get(globalIdKey(created));
      if (holder !== undefined && holder !== contractId) return idTaken(created);
    }
  }
  return undefined;
}

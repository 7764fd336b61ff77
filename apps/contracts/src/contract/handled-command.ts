import { ContractEvent } from '@app/event-contracts';
import { EventMetadata } from '@app/event-store';
import { ContractCommand, ExistingContract } from './domain';

export interface CommandOptions {
  /** From `If-Match`: the version the writer last saw; any other current version is refused (412). */
  readonly expectedVersion?: number;
  /** Correlation and causation ids (and the command id) stored with the events. */
  readonly metadata?: EventMetadata;
}

/** A command on its way to the one command path, with its caller's `If-Match` and metadata. */
export interface SubmittedCommand {
  readonly command: ContractCommand;
  readonly options: CommandOptions;
}

export interface HandledCommand {
  readonly contract: ExistingContract;
  /** The stream version after the command (the contract's ETag). */
  readonly version: number;
  /** The events appended; none when the command repeated something already done. */
  readonly events: readonly ContractEvent[];
}

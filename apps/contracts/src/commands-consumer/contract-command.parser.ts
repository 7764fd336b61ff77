import { CONTRACT_COMMAND_TYPES, ContractCommandType } from '@app/event-contracts';
import { InvalidMessageError, parseJsonObject } from '@app/event-store';
import { fieldProblems } from '@app/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { contractCommands } from '../contract';
import { ContractCommand } from '../contract/domain';
import {
  AddContractLineCommandData,
  AddMilestoneCommandData,
  COMMAND_DATA_CLASSES,
  CreateContractCommandData,
  MarkMilestoneReadyForInvoicingCommandData,
  RecordTransactionCommandData,
  SetContractCustomersCommandData,
  SetInvoiceScheduleCommandData,
} from './command-data.dto';

/** Dead-letter codes of the command intake besides the parser's (EMPTY_MESSAGE, MALFORMED_JSON) and the rules'. */
export const COMMAND_ERROR_CODES = {
  unknownType: 'UNKNOWN_COMMAND_TYPE',
  invalid: 'INVALID_COMMAND',
} as const;

export interface ContractCommandMessage {
  readonly commandId: string;
  readonly command: ContractCommand;
  /** Carried into the events; the command id when the envelope names none. */
  readonly correlationId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENVELOPE_FIELDS = new Set(['commandId', 'commandType', 'data', 'correlationId']);

function invalid(field: string, problem: string): InvalidMessageError {
  return new InvalidMessageError(COMMAND_ERROR_CODES.invalid, `${field} ${problem}`, field);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function commandTypeOf(value: unknown): ContractCommandType {
  if (typeof value !== 'string') throw invalid('commandType', 'must be a string');
  if ((CONTRACT_COMMAND_TYPES as readonly string[]).includes(value)) return value as ContractCommandType;
  const known = CONTRACT_COMMAND_TYPES.join(', ');
  throw new InvalidMessageError(
    COMMAND_ERROR_CODES.unknownType,
    `commandType ${JSON.stringify(value).slice(0, 100)} is not one of ${known}`,
    'commandType',
  );
}

/** Validates `data` with the same class-validator rules as the REST body; every bad field is named. */
function validData<T extends object>(type: ContractCommandType, data: Record<string, unknown>): T {
  const instance = plainToInstance(COMMAND_DATA_CLASSES[type] as new () => T, data);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length === 0) return instance;
  const problems = fieldProblems(errors, 'data');
  const described = problems.flatMap(({ field, problems: texts }) =>
    texts.map((text) => (text.startsWith(field) ? text : `${field}: ${text}`)),
  );
  const message = `invalid fields: ${described.join('; ')}`;
  throw new InvalidMessageError(COMMAND_ERROR_CODES.invalid, message, problems[0]?.field);
}

function toCommand(
  type: ContractCommandType,
  data: Record<string, unknown>,
  commandId: string,
): ContractCommand {
  switch (type) {
    case 'CreateContract': {
      const d = validData<CreateContractCommandData>(type, data);
      return contractCommands.create(d.contractId, d);
    }
    case 'SetContractCustomers': {
      const d = validData<SetContractCustomersCommandData>(type, data);
      return contractCommands.setCustomers(d.contractId, d.customers);
    }
    case 'AddContractLine': {
      const d = validData<AddContractLineCommandData>(type, data);
      return contractCommands.addLine(d.contractId, d.contractLineId ?? commandId, d);
    }
    case 'SetInvoiceSchedule': {
      const d = validData<SetInvoiceScheduleCommandData>(type, data);
      return contractCommands.setInvoiceSchedule(d.contractId, d.contractLineId, d);
    }
    case 'AddMilestone': {
      const d = validData<AddMilestoneCommandData>(type, data);
      return contractCommands.addMilestone(d.contractId, d.contractLineId, d.milestoneId ?? commandId, d);
    }
    case 'MarkMilestoneReadyForInvoicing': {
      const d = validData<MarkMilestoneReadyForInvoicingCommandData>(type, data);
      return contractCommands.markMilestoneReady(d.contractId, d.contractLineId, d.milestoneId);
    }
    case 'RecordTransaction': {
      const d = validData<RecordTransactionCommandData>(type, data);
      return contractCommands.recordTransaction(
        d.contractId,
        d.contractLineId,
        d.transactionId ?? commandId,
        d,
      );
    }
  }
}

/**
 * A command envelope (docs/product.md 4.3) from the bytes of a `contracts.commands` record, or an
 * `InvalidMessageError` that dead-letters it: MALFORMED_JSON, UNKNOWN_COMMAND_TYPE or
 * INVALID_COMMAND (naming the field, e.g. `data.quantity`).
 */
export function parseContractCommand(value: Buffer | string | null): ContractCommandMessage {
  const json = parseJsonObject(value);
  const unknownField = Object.keys(json).find((field) => !ENVELOPE_FIELDS.has(field));
  if (unknownField !== undefined)
    throw invalid(unknownField.slice(0, 100), 'is not a command envelope field');
  const { commandId, data, correlationId } = json;
  if (typeof commandId !== 'string' || !UUID.test(commandId)) throw invalid('commandId', 'must be a UUID');
  const type = commandTypeOf(json.commandType);
  if (!isObject(data)) throw invalid('data', 'must be a JSON object');
  if (correlationId !== undefined && correlationId !== null && typeof correlationId !== 'string') {
    throw invalid('correlationId', 'must be a string or null');
  }
  return {
    commandId: commandId.toLowerCase(),
    command: toCommand(type, data, commandId.toLowerCase()),
    correlationId: correlationId ?? commandId.toLowerCase(),
  };
}

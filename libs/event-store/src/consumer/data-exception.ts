import { InvalidMessageError } from './invalid-message.error';

/** The dead-letter code of a message whose data PostgreSQL refuses to store. */
export const UNSTORABLE_MESSAGE = 'UNSTORABLE_MESSAGE';

function sqlState(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * SQLSTATE class 22, "data exception": a value PostgreSQL will never accept (a U+0000 in text, a
 * number out of range, an impossible date). Retrying the same message gives the same answer, so
 * it is the message's fault, unlike a lost connection or a serialization failure.
 */
export function isDataException(error: unknown): boolean {
  return /^22[0-9A-Z]{3}$/.test(sqlState(error) ?? '');
}

export function unstorableMessage(error: unknown): InvalidMessageError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidMessageError(UNSTORABLE_MESSAGE, `PostgreSQL refused the message's data: ${reason}`);
}

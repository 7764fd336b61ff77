/**
 * A message that can never be processed, however often it is retried: malformed bytes, a field
 * that breaks the contract, or a command that breaks a rule. It goes to the dead-letter topic with
 * `code` and the message; the consumer moves on. Any other error is treated as transient and retried.
 */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';

  constructor(
    readonly code: string,
    message: string,
    /** The offending field, when one is to blame (a dotted path such as `data.amount`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

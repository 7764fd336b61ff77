export type ServiceName = 'contracts' | 'invoicing';

export const SERVICE_NAMES: readonly ServiceName[] = ['contracts', 'invoicing'];

/** One environment variable as operators see it: the README table and the compose-file test read this list. */
export interface ConfigVariable {
  readonly name: string;
  /** The value used when the variable is unset, as it would be written in the environment; null: none. */
  readonly default: string | null;
  readonly meaning: string;
  /** The services that read it. */
  readonly services: readonly ServiceName[];
  /** Never echoed in logs or validation messages. */
  readonly secret: boolean;
}

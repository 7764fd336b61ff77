import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CONFIG_VARIABLES } from './config-variables';
import { Environment } from './environment';

export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/** Thrown before anything connects: the message names every bad variable, never a secret's value. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => p.problem).join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

const KNOWN = new Set(CONFIG_VARIABLES.map((variable) => variable.name));
const SECRET = new Set(CONFIG_VARIABLES.filter((v) => v.secret).map((v) => v.name));

/** Only our variables, and an empty string counts as unset (compose files write `VAR: ""`). */
function ownVariables(raw: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(raw).filter(
    ([name, value]) => KNOWN.has(name) && value !== '' && value != null,
  );
  return Object.fromEntries(entries);
}

function describe(variable: string, message: string, raw: Record<string, unknown>): string {
  if (SECRET.has(variable)) return message;
  return `${message} (got ${JSON.stringify(String(raw[variable]))})`;
}

function crossFieldProblems(env: Environment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, problem: string) => problems.push({ variable, problem });
  if (env.NODE_ENV === 'production' && !env.API_KEYS) {
    add('API_KEYS', 'API_KEYS must be set when NODE_ENV=production (open access is for development only)');
  }
  if (env.API_KEYS_FOR_READS && !env.API_KEYS) {
    add('API_KEYS', 'API_KEYS must be set when API_KEYS_FOR_READS=true');
  }
  if (env.KAFKA_SASL_MECHANISM) {
    if (!env.KAFKA_SASL_USERNAME)
      add('KAFKA_SASL_USERNAME', 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
    if (!env.KAFKA_SASL_PASSWORD)
      add('KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM');
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) {
    add('KAFKA_SASL_MECHANISM', 'KAFKA_SASL_MECHANISM is required when a SASL user name or password is set');
  }
  return problems;
}

/** The `validate` function handed to @nestjs/config, also usable on its own. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const own = ownVariables(raw);
  const env = plainToInstance(Environment, own);
  const fieldProblems = validateSync(env, { forbidUnknownValues: true }).map((error) => ({
    variable: error.property,
    problem: describe(error.property, Object.values(error.constraints ?? {})[0] ?? 'is invalid', own),
  }));
  const problems = fieldProblems.length > 0 ? fieldProblems : crossFieldProblems(env);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

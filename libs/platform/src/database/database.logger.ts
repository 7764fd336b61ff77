import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** PostgreSQL's `unique_violation`. */
const UNIQUE_VIOLATION = '23505';

/** Enough of a query's parameters to recognise it; a batch insert's would fill megabytes. */
const MAX_PARAMETERS_TEXT = 500;

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

function parametersText(parameters: unknown): string {
  if (parameters === undefined || (Array.isArray(parameters) && parameters.length === 0)) return '';
  const text = JSON.stringify(parameters) ?? '';
  const shown = text.length > MAX_PARAMETERS_TEXT ? `${text.slice(0, MAX_PARAMETERS_TEXT)}…` : text;
  return ` -- parameters: ${shown}`;
}

/**
 * TypeORM's messages through Nest's logger, so `LOG_LEVEL` governs them like every other line.
 * A failed query is an error, except a unique violation: that is how racing writers find out
 * (two creates of one contract, an append at a stream version just taken) and the caller turns it
 * into a 409, a retry or a skipped duplicate, so it goes to debug. A caller that did not expect
 * one throws it on, and the HTTP error filter, the consumer or the process run logs it there.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {
    // Every query would drown the log; `LOG_LEVEL` has nothing below debug to put them at.
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown): void {
    const message = `query failed: ${String(error)}: ${query}${parametersText(parameters)}`;
    if (isUniqueViolation(error)) this.logger.debug(message);
    else this.logger.error(message);
  }

  logQuerySlow(time: number, query: string, parameters?: unknown): void {
    this.logger.warn(`query took ${time} ms: ${query}${parametersText(parameters)}`);
  }

  logSchemaBuild(): void {
    // Never called: the schema changes only through migrations.
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}

import { ConsoleLogger, LogLevel } from '@nestjs/common';

export interface RecordedLine {
  readonly level: LogLevel;
  readonly context: string;
  readonly message: string;
}

/**
 * A Nest logger that keeps what it is given instead of printing it, so a test can assert what a
 * service logged and at which level. Hand it to `startServiceApp({ logger })` or `Logger.overrideLogger`.
 */
export class RecordingLogger extends ConsoleLogger {
  readonly lines: RecordedLine[] = [];

  constructor(logLevels: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug']) {
    super('test', { logLevels });
  }

  /** The messages logged at `level`, oldest first. */
  at(level: LogLevel): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  /** Forgets what was logged so far, so a test sees only its own lines. */
  clear(): void {
    this.lines.length = 0;
  }

  protected override printMessages(messages: unknown[], context = '', level: LogLevel = 'log'): void {
    for (const message of messages) this.lines.push({ level, context, message: String(message) });
  }
}

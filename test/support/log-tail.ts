import { existsSync, readFileSync } from 'fs';

/** The last `lines` lines of a log file, for failure messages. */
export function tailOf(path: string, lines = 60): string {
  if (!existsSync(path)) return `(no log at ${path})`;
  const text = readFileSync(path, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}

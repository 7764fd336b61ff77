import { LogLevel } from '@nestjs/common';
import { LOG_LEVELS, PlatformLogLevel } from '../config/environment';

/** Nest wants the list of enabled levels; `LOG_LEVEL` names the lowest one to keep. */
export function enabledLogLevels(lowest: PlatformLogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(lowest) + 1);
}

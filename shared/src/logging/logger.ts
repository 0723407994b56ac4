import { type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * One logger per process. Components take child loggers carrying `component`, `edgeId` and
 * `conversationId`; values of personal data are never logged, only their tokens.
 */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino({
    level: process.env.BRANCHLINE_LOG_LEVEL ?? 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...options,
  });
}

import pino, { DestinationStream, Logger } from 'pino';
import type { LogConfig } from './log-config';

// The app's one pino logger: JSON lines with the service's name, ISO time and
// the level as a word; `pretty` only when pino-pretty (a dev dependency) is
// installed, else the start stops naming LOG_FORMAT.
export function createLogger(service: string, config: LogConfig, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return pino(options, destination ?? (config.format === 'pretty' ? prettyStream() : pino.destination(1)));
}

function prettyStream(): DestinationStream {
  let pretty: (options: object) => DestinationStream;
  try {
    // Loaded only when asked for: production images do not ship it.
    pretty = require('pino-pretty') as typeof pretty;
  } catch {
    throw new Error('LOG_FORMAT=pretty needs the pino-pretty package (a dev dependency); use LOG_FORMAT=json');
  }
  return pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{service} {if context}[{context}] {end}{msg}',
    ignore: 'pid,hostname,service,context',
  });
}

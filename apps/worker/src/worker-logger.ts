import type { LogLevel } from '@ecg-render/config';

/** The logging a worker needs; pino's logger satisfies it, so the entrypoint can pass its own. */
export interface WorkerLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const RANK: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

/** JSON lines on stderr at or above `level`: what a worker logs when nobody passed a logger. */
export function createConsoleLogger(input: {
  level: LogLevel;
  fields?: Record<string, unknown>;
  write?: (line: string) => void;
}): WorkerLogger {
  const write = input.write ?? ((line: string) => process.stderr.write(line));
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (fields: object, message?: string): void => {
      if (RANK[level] < RANK[input.level]) return;
      const entry = {
        level,
        time: new Date().toISOString(),
        ...input.fields,
        ...fields,
        msg: message,
      };
      write(`${JSON.stringify(entry, errorReplacer)}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value as unknown as Record<string, unknown>),
    };
  }
  return value;
}

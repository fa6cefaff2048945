import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { EcgError } from '@ecg-render/errors';

export interface LoadedCaptions {
  scenario: unknown;
  /** Folder relative assets resolve against. */
  dir: string;
  warnings: { code: string; message: string }[];
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EcgError(
      'INVALID_OPTIONS',
      code === 'ENOENT'
        ? `${what} ${path} not found`
        : `${what} ${path} cannot be read (${code ?? 'error'})`,
      { details: { path } },
    );
  }
}

/** Reads a scenario file, or imports a subtitle file into one with a preset. */
export async function loadCaptions(options: {
  scenario?: string;
  subtitles?: string;
  preset?: string;
}): Promise<LoadedCaptions> {
  if (options.scenario) {
    const path = resolve(options.scenario);
    const text = await readText(path, 'Scenario');
    try {
      return { scenario: JSON.parse(text) as unknown, dir: dirname(path), warnings: [] };
    } catch (error) {
      const { locateJsonSyntaxError } = await import('@ecg-render/scenario');
      const at = locateJsonSyntaxError(text);
      throw new EcgError(
        'INVALID_SCENARIO',
        at
          ? `${path}:${at.line}:${at.column}: not valid JSON: ${at.message}`
          : `${path} is not valid JSON: ${(error as Error).message}`,
        { details: { path: '$', ...(at && { line: at.line, column: at.column }) } },
      );
    }
  }
  const path = resolve(options.subtitles!);
  const text = await readText(path, 'Subtitle file');
  const scenario = await import('@ecg-render/scenario');
  const imported = scenario.importSubtitles(text, {
    filename: basename(path),
    ...(options.preset ? { preset: options.preset as never } : {}),
  });
  return {
    scenario: imported.scenario,
    dir: dirname(path),
    warnings: imported.warnings.map((w: { code?: string; message: string }) => ({
      code: w.code ?? 'SUBTITLE_WARNING',
      message: w.message,
    })),
  };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, type EnvVariable } from './env-variables.js';
import { formatEnvExample } from './format-env-example.js';
import { loadConfig } from './load-config.js';

const EXAMPLE_PATH = fileURLToPath(new URL('../../../.env.example', import.meta.url));

if (process.env.UPDATE_ENV_EXAMPLE === '1') writeFileSync(EXAMPLE_PATH, formatEnvExample());
const example = readFileSync(EXAMPLE_PATH, 'utf8');

/** NAME → value for set lines, NAME → null for commented "# NAME=" lines. */
function parseExample(text: string): Map<string, string | null> {
  const entries = new Map<string, string | null>();
  for (const line of text.split('\n')) {
    const set = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    const commented = /^# ([A-Z][A-Z0-9_]*)=$/.exec(line);
    const name = set?.[1] ?? commented?.[1];
    if (name === undefined) continue;
    expect(entries.has(name), `${name} is listed twice`).toBe(false);
    entries.set(name, set ? (set[2] ?? '') : null);
  }
  return entries;
}

describe('.env.example', () => {
  it('is exactly what the variable table renders (regenerate with UPDATE_ENV_EXAMPLE=1)', () => {
    expect(example).toBe(formatEnvExample());
  });

  it('lists every variable the schema reads, and only those, with the schema default', () => {
    const entries = parseExample(example);
    expect([...entries.keys()].sort()).toEqual(Object.keys(ENV_VARIABLES).sort());
    for (const [name, definition] of Object.entries(ENV_VARIABLES) as [
      string,
      EnvVariable<unknown>,
    ][]) {
      expect(entries.get(name), name).toBe(definition.default ?? null);
      // A variable without a literal default must say what happens when it is unset.
      if (definition.default === undefined) expect(definition.defaultNote, name).toBeDefined();
    }
  });

  it('used as the environment, gives the same config as no environment at all', () => {
    const env = Object.fromEntries(
      [...parseExample(example)].filter((entry): entry is [string, string] => entry[1] !== null),
    );
    const { worker: a, ...fromExample } = loadConfig(env);
    const { worker: b, ...fromNothing } = loadConfig({});
    expect(fromExample).toEqual(fromNothing);
    expect({ ...a, id: '' }).toEqual({ ...b, id: '' });
  });

  it('every literal default passes its own schema', () => {
    for (const [name, definition] of Object.entries(ENV_VARIABLES) as [
      string,
      EnvVariable<unknown>,
    ][]) {
      for (const value of [definition.default, ...Object.values(definition.modeDefaults ?? {})]) {
        if (value !== undefined)
          expect(definition.schema.safeParse(value).success, name).toBe(true);
      }
    }
  });
});

import { ENV_VARIABLES, type EnvVariable } from './env-variables.js';

const HEADER = `# ECG Render configuration: every variable it reads, with its default.
# Generated from packages/config/src/env-variables.ts (a test keeps the two equal); to change a
# default or a description, edit that table and run:
#   UPDATE_ENV_EXAMPLE=1 npx vitest run packages/config
#
# A line NAME=value shows the default; a commented "# NAME=" line has no fixed default (its
# comment says what happens when it is unset). Empty values count as unset.
# Sizes take binary units: 512M, 2G, 8GiB (1G = 1GB = 1GiB = 1024^3 bytes).`;

/** The text of `.env.example`, rendered from the variable table so docs and defaults agree. */
export function formatEnvExample(): string {
  const lines = [HEADER];
  let group = '';
  for (const [name, definition] of Object.entries(ENV_VARIABLES) as [
    string,
    EnvVariable<unknown>,
  ][]) {
    if (definition.group !== group) {
      group = definition.group;
      lines.push('', `# --- ${group} ---`);
    }
    lines.push(`# ${definition.description}`);
    if (definition.defaultNote !== undefined) lines.push(`# Default: ${definition.defaultNote}.`);
    lines.push(definition.default === undefined ? `# ${name}=` : `${name}=${definition.default}`);
  }
  return `${lines.join('\n')}\n`;
}

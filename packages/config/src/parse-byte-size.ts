/** Multipliers by unit suffix, lower-cased. Every unit is binary (see parseByteSize). */
const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * Parses a size such as "8GiB", "8192MiB", "8G", "1.5G" or a plain number into bytes.
 *
 * Every unit is binary (1G = 1GB = 1GiB = 2^30 bytes): GPU memory, Docker and nvidia-smi all count
 * that way, and an operator who writes "8GB" for an 8 GiB card means the card. A plain number is
 * read in `plainUnit` (bytes for upload limits, MiB for GPU memory, as nvidia-smi reports it).
 * Returns null for anything that is not a non-negative size, or not a whole number of bytes.
 */
export function parseByteSize(text: string, plainUnit: 'B' | 'MiB' = 'B'): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!match) return null;
  const [, amount = '', unit = ''] = match;
  const multiplier = unit === '' ? (plainUnit === 'B' ? 1 : 1024 ** 2) : UNITS[unit.toLowerCase()];
  if (multiplier === undefined) return null;
  const bytes = Number(amount) * multiplier;
  if (!Number.isSafeInteger(bytes)) return null;
  return bytes;
}

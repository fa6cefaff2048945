import { describe, expect, it } from 'vitest';
import { parseByteSize } from './parse-byte-size.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('parseByteSize', () => {
  it.each([
    ['8GiB', 'MiB', 8 * GiB],
    ['8192MiB', 'MiB', 8 * GiB],
    ['8G', 'MiB', 8 * GiB],
    ['8gb', 'MiB', 8 * GiB],
    ['8 GiB', 'MiB', 8 * GiB],
    ['8192', 'MiB', 8 * GiB],
    ['1.5G', 'B', 1.5 * GiB],
    ['512k', 'B', 512 * 1024],
    ['100', 'B', 100],
    ['100B', 'MiB', 100],
    ['1T', 'B', 1024 * 1024 * MiB],
    ['0', 'B', 0],
  ] as const)('%s (plain %s) is %d bytes', (text, plain, bytes) => {
    expect(parseByteSize(text, plain)).toBe(bytes);
  });

  it.each(['', 'G', '-1G', '8XB', '1.5', '0.1B', '8 G B', 'abc', '1e9'])(
    '%j is not a size',
    (text) => {
      expect(parseByteSize(text)).toBeNull();
    },
  );
});

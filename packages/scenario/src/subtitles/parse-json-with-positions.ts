import { JsonSyntaxError } from './json-syntax-error.js';

export interface PositionedJson {
  value: unknown;
  /** Offset in the text of `container[key]`'s value (for messages pointing at a bad field). */
  offsetOf(container: object, key: string | number): number | undefined;
}

/** Deeper nesting than any transcript needs; stops `[[[[…` from exhausting the stack. */
const MAX_DEPTH = 256;

/**
 * A strict JSON (RFC 8259) parser that remembers where every value starts. `JSON.parse` reports
 * no position for some errors ("Unexpected token 'x'…") and none at all for a well-formed file
 * whose field has the wrong type, yet users need the line and column of both.
 */
export function parseJsonWithPositions(text: string): PositionedJson {
  const offsets = new WeakMap<object, Map<string | number, number>>();
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const describe = (): string => (i >= text.length ? 'end of input' : `"${text[i]}"`);

  const parseString = (): string => {
    const start = i;
    i++;
    let result = '';
    let chunkStart = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        result += text.slice(chunkStart, i);
        i++;
        return result;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        result += text.slice(chunkStart, i);
        const escape = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (escape !== undefined && simple[escape] !== undefined) {
          result += simple[escape];
          i += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          result += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('invalid escape in string');
        chunkStart = i;
        continue;
      }
      i++;
    }
    return fail('unterminated string', start);
  };

  const parseValue = (depth: number): unknown => {
    skipSpace();
    if (depth > MAX_DEPTH) fail('nesting too deep');
    const c = text[i];
    if (c === '{') {
      i++;
      const object: Record<string, unknown> = {};
      const positions = new Map<string | number, number>();
      offsets.set(object, positions);
      skipSpace();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a property name, found ${describe()}`);
        const key = parseString();
        skipSpace();
        if (text[i] !== ':') fail(`expected ":" after property name, found ${describe()}`);
        i++;
        skipSpace();
        positions.set(key, i);
        const value = parseValue(depth + 1);
        // defineProperty, not assignment: a "__proto__" key must stay plain data.
        Object.defineProperty(object, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return object;
        }
        fail(`expected "," or "}", found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const array: unknown[] = [];
      const positions = new Map<string | number, number>();
      offsets.set(array, positions);
      skipSpace();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        skipSpace();
        positions.set(array.length, i);
        array.push(parseValue(depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return array;
        }
        fail(`expected "," or "]", found ${describe()}`);
      }
    }
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null)/.exec(text.slice(i, i + 5));
    if (literal) {
      i += literal[0].length;
      return literal[0] === 'true' ? true : literal[0] === 'false' ? false : null;
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number && number[0] !== '' && number[0] !== '-') {
      i += number[0].length;
      return Number(number[0]);
    }
    return fail(`unexpected ${describe()}`);
  };

  const value = parseValue(0);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe()} after the JSON value`);
  return { value, offsetOf: (container, key) => offsets.get(container)?.get(key) };
}

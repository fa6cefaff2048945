/**
 * Math.random, made a pure function of (seed, stream key): the frame driver selects a stream per
 * node and frame before the engine evaluates that node's plugins, so "random" jitter is the same on
 * every run and whatever order frames are rendered in.
 */
export interface SeededRandom {
  /** Selects the stream subsequent Math.random() calls draw from. */
  use(key: string): void;
}

function hash32(text: string, salt: number): number {
  // FNV-1a with a salt, then an avalanche so nearby keys give unrelated seeds.
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** sfc32: small, fast, good statistical quality. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** The stream of numbers Math.random gives for `key` under `seed`: a pure function of both. */
export function seededStream(seed: string, key: string): () => number {
  const text = `${seed}\u0000${key}`;
  const next = sfc32(hash32(text, 1), hash32(text, 2), hash32(text, 3), hash32(text, 4));
  for (let i = 0; i < 12; i += 1) next();
  return next;
}

/**
 * A switchable source of seeded numbers, not yet installed as Math.random: `use` selects the
 * stream, `next` draws from it. The render page installs one for the whole page; the studio's
 * preview swaps one in while it replays a frame, so its plugins draw what the render's draw.
 */
export function createSeededRandom(seed: () => string): SeededRandom & { next: () => number } {
  let current = seededStream(seed(), 'load');
  return {
    use(key) {
      current = seededStream(seed(), key);
    },
    next: () => current(),
  };
}

export function installSeededRandom(seed: () => string): SeededRandom {
  const random = createSeededRandom(seed);
  Math.random = random.next;
  return random;
}

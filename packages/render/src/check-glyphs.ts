import type { Browser } from './launch-browser.js';
import { openCaptureSession } from './capture-session.js';

export interface GlyphCheck {
  /** Characters that rendered as a real glyph (distinct from each other and from a missing one). */
  rendered: string[];
  /** Characters that rendered like a missing glyph (a box or nothing). */
  missing: string[];
}

/**
 * Whether each character of `text` renders with a real glyph. Fonts without a glyph fall back to
 * a "tofu" box (or nothing), which looks the same for every missing character; so each character
 * is rendered alone and compared with the rendering of a private-use code point no font has, and
 * with the others.
 */
export async function checkGlyphs(options: {
  browser: Browser;
  text: string;
  fontFamily?: string;
}): Promise<GlyphCheck> {
  const chars = Array.from(new Set(Array.from(options.text.replace(/\s/g, ''))));
  const probe = [...chars, '\uE000'];
  const size = { width: 160, height: 90 };
  const session = await openCaptureSession({
    browser: options.browser,
    ...size,
    origin: { mounts: {} },
  });
  try {
    await session.init({
      scenario: {
        version: '2.0',
        timebase: { unit: 'seconds' },
        stage: { baseAspect: '16:9' },
        tracks: [
          {
            id: 't',
            type: 'free',
            layer: 1,
            defaultStyle: {
              fontSizeRel: 0.6,
              color: '#ffffff',
              fontFamily: options.fontFamily ?? 'sans-serif',
            },
          },
        ],
        cues: probe.map((ch, i) => ({
          id: `c${i}`,
          track: 't',
          root: {
            id: `n${i}`,
            eType: 'text',
            text: ch,
            displayTime: [i, i + 0.5],
            layout: { position: { x: 0.5, y: 0.5 }, anchor: 'cc' },
          },
        })),
      },
      ...size,
      fps: { num: 1, den: 1 },
      seed: 'glyphs',
      plugins: [],
      fonts: [],
      firstFrame: 0,
      frameCount: probe.length,
    });
    await session.setCrop({ x: 0, y: 0, ...size });
    const shots: Buffer[] = [];
    for (let i = 0; i < probe.length; i += 1) {
      await session.goto(i);
      shots.push(await session.capture());
    }
    const tofu = shots.at(-1)!;
    const rendered: string[] = [];
    const missing: string[] = [];
    chars.forEach((ch, i) => {
      const shot = shots[i]!;
      const duplicate = shots.some(
        (other, j) => j !== i && j < chars.length && other.equals(shot) && chars[j] !== ch,
      );
      (shot.equals(tofu) || duplicate ? missing : rendered).push(ch);
    });
    return { rendered, missing };
  } finally {
    await session.close();
  }
}

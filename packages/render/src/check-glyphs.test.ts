import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGlyphs } from './check-glyphs.js';
import { findChromium } from './find-chromium.js';
import { launchBrowser, type Browser } from './launch-browser.js';

describe('glyph coverage', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser({ executable: findChromium() });
  });
  afterAll(async () => browser?.close());

  it('renders Korean (and Japanese, Chinese) with real glyphs, not boxes', async () => {
    const text = '안녕하세요 자막 テスト 字幕';
    const result = await checkGlyphs({ browser, text });
    expect(result.missing).toEqual([]);
    expect(result.rendered.join('')).toBe(
      Array.from(new Set(Array.from(text.replace(/\s/g, '')))).join(''),
    );
  });

  it('reports characters no font has', async () => {
    // Private-use code points have no glyph in any installed font: they must be reported.
    const result = await checkGlyphs({ browser, text: '가\uE001\uE002' });
    expect(result.rendered).toEqual(['가']);
    expect(result.missing).toEqual(['\uE001', '\uE002']);
  });
});

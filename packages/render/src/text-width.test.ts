import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTextWidth, PRESETS } from '@ecg-render/scenario';
import { findChromium } from './find-chromium.js';
import { launchBrowser, type Browser } from './launch-browser.js';

// The subtitle importers break lines with estimateTextWidth, which has no browser (it runs the same
// in the studio and on the server). Here Chromium measures the same strings in the presets' font
// stack with the fonts this machine renders with: the estimate must be the measured width.
const FONT_STACK = PRESETS.clean.text.fontFamily;

const SAMPLES = [
  'The quick brown fox jumps over the lazy dog',
  'Sphinx of black quartz, judge my vow!',
  'ECG Render: 1080p @ 30 fps (#42) — 100% “done”…',
  '다람쥐 헌 쳇바퀴에 타고파',
  '오늘은 정말 좋은 날씨네요',
  'ㅋㅋㅋ 진짜? 네, 맞아요!',
  '今日はとても良い天気ですね。',
  '字幕测试，你好！',
  'Café déjà vu, naïve façade',
];

describe('estimateTextWidth against Chromium', () => {
  let browser: Browser;
  let measure: (text: string, weight: number) => Promise<number>;
  beforeAll(async () => {
    browser = await launchBrowser({ executable: findChromium() });
    const { cdp } = browser;
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
    });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    measure = async (text, weight) => {
      const expression = `(async () => {
        const font = ${JSON.stringify(`${weight} 1000px ${FONT_STACK}`)};
        await document.fonts.load(font, ${JSON.stringify(text)});
        const context = document.createElement('canvas').getContext('2d');
        context.font = font;
        context.fontKerning = 'none';
        return context.measureText(${JSON.stringify(text)}).width / 1000;
      })()`;
      const { result } = await cdp.send<{ result: { value: number } }>(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
        sessionId,
      );
      return result.value;
    };
  }, 60_000);
  afterAll(() => browser?.close());

  it.each(SAMPLES.flatMap((text) => [400, 500, 700, 800].map((weight) => [text, weight] as const)))(
    '%j at weight %i',
    async (text, weight) => {
      const measured = await measure(text, weight);
      const estimated = estimateTextWidth(text, { fontWeight: weight });
      expect(Math.abs(estimated - measured) / measured).toBeLessThan(0.01);
    },
  );
});

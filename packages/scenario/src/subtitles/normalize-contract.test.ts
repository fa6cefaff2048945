import { describe, expect, it } from 'vitest';
import { normalizeScenario } from '../normalize-scenario.js';
import { importSubtitles } from './import-subtitles.js';
import { presetNames } from './preset-names.js';

const SRT =
  '1\n00:00:01,000 --> 00:00:03,000\n<i>Hello</i> there {\\an8}\n\n2\n00:00:02,000 --> 00:00:04,000\n안녕하세요 今日は\n';
const ASS = `[Script Info]\nPlayResX: 1920\nPlayResY: 1080\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,{\\pos(960,540)\\fad(200,300)}Centre {\\c&H0000FF&}red\nDialogue: 0,0:00:05.00,0:00:08.00,Default,,0,0,0,,{\\k50}Ka{\\k50}ra{\\kf100}o{\\k20}ke {\\k80}time\n`;

describe('built scenarios pass the scenario normaliser and schema', () => {
  it.each(
    presetNames.flatMap(
      (preset) =>
        [
          [preset, SRT],
          [preset, ASS],
        ] as const,
    ),
  )('%s', (preset, text) => {
    for (const aspect of ['16:9', '9:16'] as const) {
      const { scenario } = importSubtitles(text, { preset, aspect });
      const normalized = normalizeScenario(scenario);
      expect(normalized.warnings).toEqual([]);
    }
  });
});

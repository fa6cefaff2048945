import type { PresetName, SubtitlePreset } from './preset-types.js';
import { ringShadow } from './ring-shadow.js';

/**
 * The fonts every render machine has (Liberation Sans is metric-compatible with Arial, whose
 * widths the line breaker assumes), then the Noto CJK faces for Korean, Japanese and Chinese.
 */
const FONT_STACK =
  "'Liberation Sans', Arial, 'Noto Sans CJK KR', 'Noto Sans CJK JP', 'Noto Sans CJK SC', sans-serif";

/**
 * The built-in looks. Sizes are fractions of the stage height; 9:16 sizes are smaller fractions
 * because the stage is twice as tall for the same text width.
 */
export const PRESETS: Readonly<Record<PresetName, SubtitlePreset>> = {
  clean: {
    name: 'clean',
    description: 'Plain white subtitles with a thin outline and soft shadow, short fade in/out.',
    text: {
      fontFamily: FONT_STACK,
      fontWeight: 600,
      color: '#ffffff',
      // Outlines are rings of text shadows, not `stroke` (see ringShadow).
      textShadow: [...ringShadow(0.045, '#000000'), '0 0.05em 0.15em rgba(0,0,0,0.8)'].join(', '),
      align: 'center',
      lineHeight: 1.2,
    },
    fontSize: { '16:9': 0.055, '9:16': 0.03 },
    lineHeight: 1.2,
    maxWidth: { '16:9': 0.8, '9:16': 0.8 },
    bottomMargin: { '16:9': 0.075, '9:16': 0.22 },
    maxLines: 2,
    pageAtSentenceEnd: false,
    animation: 'fade',
    fade: 0.12,
    highlightColor: '#FFD400',
    needsWords: false,
  },
  boxed: {
    name: 'boxed',
    description: 'White text on a semi-opaque dark box, broadcast style; cuts in and out.',
    text: {
      fontFamily: FONT_STACK,
      fontWeight: 500,
      color: '#ffffff',
      textShadow: 'none',
      align: 'center',
      lineHeight: 1.2,
    },
    fontSize: { '16:9': 0.05, '9:16': 0.028 },
    lineHeight: 1.2,
    box: { backgroundColor: 'rgba(0,0,0,0.72)', padding: { x: 0.5, y: 0.2 }, radius: 0.2 },
    maxWidth: { '16:9': 0.8, '9:16': 0.8 },
    bottomMargin: { '16:9': 0.075, '9:16': 0.22 },
    maxLines: 2,
    pageAtSentenceEnd: false,
    animation: 'none',
    fade: 0.1,
    highlightColor: '#FFD400',
    needsWords: false,
  },
  social: {
    name: 'social',
    description: 'Big bold words, a few at a time; the spoken word is highlighted and pops.',
    text: {
      fontFamily: FONT_STACK,
      fontWeight: 800,
      color: '#ffffff',
      textShadow: [...ringShadow(0.07, '#000000'), '0 0.06em 0.1em rgba(0,0,0,0.9)'].join(', '),
      align: 'center',
      lineHeight: 1.15,
    },
    fontSize: { '16:9': 0.075, '9:16': 0.045 },
    lineHeight: 1.15,
    maxWidth: { '16:9': 0.7, '9:16': 0.8 },
    bottomMargin: { '16:9': 0.12, '9:16': 0.3 },
    maxLines: 2,
    maxWordsPerPage: 4,
    pageAtSentenceEnd: true,
    animation: 'highlight',
    fade: 0.08,
    highlightColor: '#FFD400',
    needsWords: true,
  },
  karaoke: {
    name: 'karaoke',
    description: 'Karaoke: colour sweeps across each word as it is sung.',
    text: {
      fontFamily: FONT_STACK,
      fontWeight: 700,
      color: '#ffffff',
      textShadow: [...ringShadow(0.05, '#000000'), '0 0.05em 0.12em rgba(0,0,0,0.8)'].join(', '),
      align: 'center',
      lineHeight: 1.2,
    },
    fontSize: { '16:9': 0.06, '9:16': 0.034 },
    lineHeight: 1.2,
    maxWidth: { '16:9': 0.8, '9:16': 0.8 },
    bottomMargin: { '16:9': 0.075, '9:16': 0.22 },
    maxLines: 2,
    pageAtSentenceEnd: false,
    animation: 'sweep',
    fade: 0.1,
    highlightColor: '#FFD400',
    needsWords: true,
  },
  typewriter: {
    name: 'typewriter',
    description: 'Lines are typed out character by character, following word timings when present.',
    text: {
      fontFamily: FONT_STACK,
      fontWeight: 500,
      color: '#ffffff',
      textShadow: [...ringShadow(0.045, '#000000'), '0 0.05em 0.15em rgba(0,0,0,0.8)'].join(', '),
      align: 'center',
      lineHeight: 1.2,
    },
    fontSize: { '16:9': 0.05, '9:16': 0.03 },
    lineHeight: 1.2,
    maxWidth: { '16:9': 0.8, '9:16': 0.8 },
    bottomMargin: { '16:9': 0.075, '9:16': 0.22 },
    maxLines: 3,
    pageAtSentenceEnd: false,
    animation: 'typewriter',
    fade: 0.15,
    highlightColor: '#FFD400',
    needsWords: false,
  },
};

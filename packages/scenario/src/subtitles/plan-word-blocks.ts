import type { PluginSpec, TextNode } from '../types.js';
import { balancedWrapWidth } from './balanced-wrap-width.js';
import { baseTextPlugins } from './base-text-plugins.js';
import type { BuildContext } from './build-context.js';
import type { CaptionBlock } from './caption-block.js';
import { charClass } from './char-class.js';
import type { CueFrame } from './cue-frame.js';
import { displayEnd } from './display-end.js';
import { mapSubtitleStyle } from './map-subtitle-style.js';
import { pageTimes } from './page-times.js';
import { paginateWords } from './paginate-words.js';
import { pluginWindow } from './plugin-window.js';
import { rootGroup } from './root-group.js';
import { stackPlacement } from './stack-placement.js';
import { estimateTextWidth } from './text-width.js';
import type { SubtitleCue, WordTiming } from './types.js';
import { wrapWords } from './wrap-words.js';

/** A silence longer than this starts a new page, and a page lingers at most this long after it. */
const PAUSE = 1.5;
const LINGER = 0.5;
/** The social highlight stays on through short pauses between words. */
const HIGHLIGHT_BRIDGE = 0.5;
/** Greedy wrap at exactly the balanced width would break early on any estimation error. */
const BALANCE_SLACK = 1.08;

/**
 * A word-timed cue: one text node per word in a wrapping horizontal flow (the engine wraps them,
 * as in ECG's own word captions), split into pages that fit the preset's line count. The flow's
 * maximum width is set to the balanced width so the engine's greedy wrap yields even lines.
 * Per-word animation follows the preset: highlight + pop, karaoke sweep, or the source's own
 * karaoke (ASS `\k`).
 */
export function planWordBlocks(
  cue: SubtitleCue,
  words: readonly WordTiming[],
  frame: CueFrame,
  context: BuildContext,
): CaptionBlock[] {
  const { preset } = context;
  const bold = frame.fontWeight >= 600 ? 1.06 : 1;
  // Text written without spaces (Chinese, Japanese) gets no gap between its word nodes.
  const spaced = words.some(
    (word, index) =>
      index > 0 && !(isCjkEdge(words[index - 1]!.text, 'end') && isCjkEdge(word.text, 'start')),
  );
  const gapEm = spaced ? 0.278 * bold : 0;
  const widths = words.map(
    (word) =>
      estimateTextWidth(word.text, { fontWeight: word.style?.fontWeight ?? frame.fontWeight }) *
      (word.style?.fontSize ? word.style.fontSize / frame.fontSize : 1),
  );
  const pages = paginateWords({
    words,
    widths,
    gap: gapEm,
    maxWidth: frame.breakWidthEm,
    maxLines: preset.maxLines,
    ...(preset.maxWordsPerPage === undefined ? {} : { maxWords: preset.maxWordsPerPage }),
    atSentenceEnd: preset.pageAtSentenceEnd,
    pauseBreak: PAUSE,
  });
  const emToStage = frame.fontSize / context.ratio;

  const timed = pageTimes({
    cueStart: cue.start,
    cueEnd: cue.end,
    words,
    ranges: pages,
    pause: PAUSE,
    linger: LINGER,
  });
  return timed.map(({ from, to, start, end }, pageIndex) => {
    const pageWords = words.slice(from, to);
    const pageWidths = widths.slice(from, to);
    const wrap = wrapWords(pageWidths, gapEm, frame.breakWidthEm);
    // One line: allow the full width so an underestimate cannot wrap it; several: balance them.
    const width =
      wrap.lines <= 1
        ? frame.maxWidth
        : Math.min(
            frame.maxWidth,
            (balancedWrapWidth(pageWidths, gapEm, frame.breakWidthEm) * BALANCE_SLACK + gapEm) *
              emToStage,
          );
    const height =
      wrap.lines * frame.lineHeight * frame.fontSize +
      (frame.box ? 2 * frame.box.padding.y * frame.fontSize : 0);
    const fadeIn = cue.fade ? (pageIndex === 0 ? frame.fadeIn : 0) : frame.fadeIn;
    const fadeOut = cue.fade ? (to === words.length ? frame.fadeOut : 0) : frame.fadeOut;

    const block: CaptionBlock = {
      start,
      end,
      height,
      layer: cue.layer ?? 0,
      emit: ({ id, offset }) => {
        const last = displayEnd(start, end);
        const children = pageWords.map((word, index) => {
          const node: TextNode = { id: `${id}-w${index + 1}`, eType: 'text', text: word.text };
          const style = mapSubtitleStyle({
            style: word.style,
            fontSize: word.style?.fontSize ?? frame.fontSize,
            fallbackFonts: context.fallbackFonts,
            warnings: context.warnings,
          });
          if (Object.keys(style).length > 0) node.style = style;
          const plugins = [
            ...baseTextPlugins({ frame, start, end, fadeIn, fadeOut }),
            ...wordPlugins({ cue, word, next: pageWords[index + 1], frame, context, start, last }),
          ];
          if (plugins.length > 0) node.pluginChain = plugins;
          return node;
        });
        return rootGroup({
          id: `${id}-root`,
          start,
          end,
          frame,
          offset,
          direction: 'horizontal',
          gap: gapEm * emToStage,
          width,
          height,
          growDown: false,
          children,
        });
      },
    };
    const stack = stackPlacement(frame, cue.layer ?? 0, context.safe);
    if (stack) block.stack = stack;
    return block;
  });
}

interface WordPluginsInput {
  cue: SubtitleCue;
  word: WordTiming;
  next: WordTiming | undefined;
  frame: CueFrame;
  context: BuildContext;
  /** Page start and inclusive end. */
  start: number;
  last: number;
}

function wordPlugins(input: WordPluginsInput): PluginSpec[] {
  const { word, frame, start, last } = input;
  const clampWindow = (from: number, to: number): [number, number] | undefined => {
    const a = Math.min(Math.max(from, start), last);
    const b = Math.min(Math.max(to, a), last);
    return b - a > 0.001 ? [a, b] : undefined;
  };
  const color = frame.highlightColor;
  switch (input.context.preset.animation) {
    case 'highlight': {
      const plugins: PluginSpec[] = [];
      const until =
        input.next && input.next.start - word.end < HIGHLIGHT_BRIDGE ? input.next.start : word.end;
      const highlight = clampWindow(word.start, until - 0.0005);
      if (highlight)
        plugins.push(
          pluginWindow({
            name: 'karaoke',
            start: highlight[0],
            end: highlight[1],
            params: { mode: 'switch', color },
          }),
        );
      const pop = clampWindow(
        word.start,
        word.start + Math.min(0.25, Math.max(0.1, word.end - word.start)),
      );
      if (pop) plugins.push(pluginWindow({ name: 'pop', start: pop[0], end: pop[1] }));
      return plugins;
    }
    case 'sweep': {
      const sweep = clampWindow(word.start, Math.max(word.end, word.start + 0.05) - 0.0005);
      return sweep
        ? [
            pluginWindow({
              name: 'karaoke',
              start: sweep[0],
              end: sweep[1],
              params: { mode: 'sweep', color },
            }),
          ]
        : [];
    }
    case 'fade':
    case 'none':
    case 'typewriter': {
      if (!input.cue.karaoke) return [];
      // The source's own karaoke (ASS \k): a switched syllable stays lit once sung, like libass.
      const window =
        input.cue.karaoke === 'sweep'
          ? clampWindow(word.start, Math.max(word.end, word.start + 0.05) - 0.0005)
          : clampWindow(word.start, last);
      return window
        ? [
            pluginWindow({
              name: 'karaoke',
              start: window[0],
              end: window[1],
              params: { mode: input.cue.karaoke, color },
            }),
          ]
        : [];
    }
  }
}

function isCjkEdge(text: string, edge: 'start' | 'end'): boolean {
  const chars = [...text];
  const char = edge === 'start' ? chars[0] : chars[chars.length - 1];
  return char !== undefined && charClass(char.codePointAt(0) ?? 0) === 'cjk';
}

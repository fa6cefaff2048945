import type { PluginSpec, TextNode } from '../types.js';
import { balancedWrapWidth } from './balanced-wrap-width.js';
import { baseTextPlugins } from './base-text-plugins.js';
import type { BuildContext } from './build-context.js';
import { breakLines } from './break-lines.js';
import type { CaptionBlock } from './caption-block.js';
import type { CueFrame } from './cue-frame.js';
import { displayEnd } from './display-end.js';
import { joinWords } from './join-words.js';
import { mapSubtitleStyle } from './map-subtitle-style.js';
import { pageTimes } from './page-times.js';
import { paginateWords } from './paginate-words.js';
import { pluginWindow } from './plugin-window.js';
import { rootGroup } from './root-group.js';
import { sliceSpans } from './slice-spans.js';
import { stackPlacement } from './stack-placement.js';
import { styleEqual } from './style-equal.js';
import { estimateTextWidth } from './text-width.js';
import type { SubtitleCue, SubtitleStyle, WordTiming } from './types.js';

/** Typing speed for cues without word timings (characters per second), within 70 % of the cue. */
const CHARS_PER_SECOND = 25;
const MAX_TYPING_SHARE = 0.7;

interface TypedLine {
  text: string;
  style?: SubtitleStyle;
  /** When typing of this line starts and ends. */
  from: number;
  to: number;
}

/**
 * Typewriter captions: one text node per line, each typed out over its own window — the line's
 * word times when the source has them, otherwise a steady typing speed. A line is only shown from
 * the moment its typing starts (the typewriter plugin cannot hide text before its window in a
 * forward render), so the caption is anchored by its top and grows downwards without moving the
 * lines already typed.
 */
export function planTypewriterBlocks(
  cue: SubtitleCue,
  words: readonly WordTiming[] | undefined,
  frame: CueFrame,
  context: BuildContext,
): CaptionBlock[] {
  const pages: { start: number; end: number; lines: TypedLine[] }[] =
    words && words.length > 0
      ? pagesFromWords(cue, words, frame, context)
      : [pageFromText(cue, frame, context)];
  return pages.map((page, pageIndex) => {
    const height =
      page.lines.length * frame.lineHeight * frame.fontSize +
      (frame.box ? 2 * frame.box.padding.y * frame.fontSize : 0);
    const block: CaptionBlock = {
      start: page.start,
      end: page.end,
      height,
      layer: cue.layer ?? 0,
      emit: ({ id, offset }) => {
        const last = displayEnd(page.start, page.end);
        const children = page.lines.map((line, index) => {
          const shownFrom = Math.min(Math.max(line.from, page.start), last);
          const node: TextNode = { id: `${id}-l${index + 1}`, eType: 'text', text: line.text };
          if (shownFrom > page.start) node.displayTime = [round6(shownFrom), last];
          const style = mapSubtitleStyle({
            style: line.style,
            fontSize: frame.fontSize,
            fallbackFonts: context.fallbackFonts,
            warnings: context.warnings,
          });
          if (Object.keys(style).length > 0) node.style = style;
          const typeEnd = Math.min(last, Math.max(line.to, shownFrom));
          const plugins: PluginSpec[] = [];
          if (typeEnd - shownFrom > 0.001)
            plugins.push(pluginWindow({ name: 'typewriter', start: shownFrom, end: typeEnd }));
          const isLastPage = pageIndex === pages.length - 1;
          const fadeOut = cue.fade
            ? isLastPage
              ? frame.fadeOut
              : 0
            : Math.min(context.preset.fade, (page.end - typeEnd) / 2);
          plugins.push(
            ...baseTextPlugins({
              frame,
              start: shownFrom,
              end: page.end,
              fadeIn: cue.fade && pageIndex === 0 ? frame.fadeIn : 0,
              fadeOut,
            }),
          );
          if (plugins.length > 0) node.pluginChain = plugins;
          return node;
        });
        return rootGroup({
          id: `${id}-root`,
          start: page.start,
          end: page.end,
          frame,
          offset,
          direction: 'vertical',
          gap: 0,
          width: frame.maxWidth,
          height,
          growDown: true,
          children,
        });
      },
    };
    const stack = stackPlacement(frame, cue.layer ?? 0, context.safe);
    if (stack) block.stack = stack;
    return block;
  });
}

function pageFromText(
  cue: SubtitleCue,
  frame: CueFrame,
  context: BuildContext,
): { start: number; end: number; lines: TypedLine[] } {
  const pieces: { text: string; style?: SubtitleStyle }[] = [];
  for (const line of cue.lines) {
    const text = line.map((span) => span.text).join('');
    const styles = line.map((span) => span.style);
    if (!styles.every((style) => styleEqual(style, styles[0]))) {
      context.warnings.add(
        {
          code: 'style-simplified',
          message: 'typewriter lines take one style; styling inside a line was simplified',
          line: cue.sourceLine,
        },
        'build:typewriter-style',
      );
    }
    for (const broken of breakLines(text, {
      maxWidth: frame.breakWidthEm,
      fontWeight: frame.fontWeight,
    })) {
      const piece: { text: string; style?: SubtitleStyle } = { text: broken.text };
      // The style at the start of this (possibly re-broken) line.
      const first = sliceSpans(line, broken.start, broken.end)[0]?.style;
      if (first) piece.style = first;
      pieces.push(piece);
    }
  }
  const total = pieces.reduce((sum, piece) => sum + [...piece.text].length, 0);
  const duration = cue.end - cue.start;
  const typing = Math.min(total / CHARS_PER_SECOND, duration * MAX_TYPING_SHARE);
  let cursor = cue.start;
  const lines = pieces.map((piece) => {
    const share = total === 0 ? 0 : (typing * [...piece.text].length) / total;
    const line: TypedLine = { ...piece, from: cursor, to: cursor + share };
    cursor += share;
    return line;
  });
  return { start: cue.start, end: cue.end, lines };
}

function pagesFromWords(
  cue: SubtitleCue,
  words: readonly WordTiming[],
  frame: CueFrame,
  context: BuildContext,
): { start: number; end: number; lines: TypedLine[] }[] {
  const space = 0.278 * (frame.fontWeight >= 600 ? 1.06 : 1);
  const widths = words.map((word) =>
    estimateTextWidth(word.text, { fontWeight: frame.fontWeight }),
  );
  const ranges = paginateWords({
    words,
    widths,
    gap: space,
    maxWidth: frame.breakWidthEm,
    maxLines: context.preset.maxLines,
    atSentenceEnd: false,
    pauseBreak: 1.5,
  });
  const timed = pageTimes({
    cueStart: cue.start,
    cueEnd: cue.end,
    words,
    ranges,
    pause: 1.5,
    linger: 0.5,
  });
  return timed.map(({ from, to, start, end }) => {
    const pageWidths = widths.slice(from, to);
    // Lines of words at the balanced width: the same even split the line breaker gives text.
    const width = balancedWrapWidth(pageWidths, space, frame.breakWidthEm);
    const lines: TypedLine[] = [];
    let current: WordTiming[] = [];
    let used = 0;
    for (let i = from; i < to; i++) {
      const box = widths[i]! + space;
      if (current.length > 0 && used + box > width + 1e-9) {
        lines.push(typedLine(current));
        current = [];
        used = 0;
      }
      current.push(words[i]!);
      used += box;
    }
    if (current.length > 0) lines.push(typedLine(current));
    return { start, end, lines };
  });
}

function typedLine(words: WordTiming[]): TypedLine {
  const line: TypedLine = {
    text: joinWords(words.map((word) => word.text)),
    from: words[0]!.start,
    to: words[words.length - 1]!.end,
  };
  if (words[0]!.style) line.style = words[0]!.style;
  return line;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

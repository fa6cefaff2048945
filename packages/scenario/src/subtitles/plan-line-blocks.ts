import type { ScenarioNode, TextNode } from '../types.js';
import { baseTextPlugins } from './base-text-plugins.js';
import type { BuildContext } from './build-context.js';
import { breakLines } from './break-lines.js';
import type { CaptionBlock } from './caption-block.js';
import type { CueFrame } from './cue-frame.js';
import { mapSubtitleStyle } from './map-subtitle-style.js';
import { rootGroup } from './root-group.js';
import { stackPlacement } from './stack-placement.js';
import { sliceSpans } from './slice-spans.js';
import type { SubtitleCue, TextSpan } from './types.js';

/**
 * A cue without word timings: one text node per line (a row of span nodes where the styling
 * changes inside a line). The source's own line breaks are kept; a line that is too wide for the
 * preset is broken further, balanced, by the width estimator.
 */
export function planLineBlocks(
  cue: SubtitleCue,
  frame: CueFrame,
  context: BuildContext,
): CaptionBlock[] {
  const { warnings, preset } = context;
  const lines: TextSpan[][] = [];
  for (const line of cue.lines) {
    const text = line.map((span) => span.text).join('');
    for (const broken of breakLines(text, {
      maxWidth: frame.breakWidthEm,
      fontWeight: frame.fontWeight,
    })) {
      if (broken.width > frame.breakWidthEm / 0.94) {
        warnings.add(
          {
            code: 'overflow',
            message: `"${broken.text.slice(0, 30)}" is wider than the caption area and may be cut or wrapped by the renderer`,
            line: cue.sourceLine,
          },
          'build:overflow',
        );
      }
      lines.push(sliceSpans(line, broken.start, broken.end));
    }
  }
  if (lines.length > preset.maxLines + 1) {
    warnings.add(
      {
        code: 'too-many-lines',
        message: `a cue needs ${lines.length} lines at this size (the preset aims for ${preset.maxLines})`,
        line: cue.sourceLine,
      },
      'build:lines',
    );
  }
  const height =
    lines.length * frame.lineHeight * frame.fontSize +
    (frame.box ? 2 * frame.box.padding.y * frame.fontSize : 0);
  const block: CaptionBlock = {
    start: cue.start,
    end: cue.end,
    height,
    layer: cue.layer ?? 0,
    emit: ({ id, offset }) => {
      const plugins = baseTextPlugins({
        frame,
        start: cue.start,
        end: cue.end,
        fadeIn: frame.fadeIn,
        fadeOut: frame.fadeOut,
      });
      const children: ScenarioNode[] = lines.map((spans, index) =>
        lineNode({ id: `${id}-l${index + 1}`, spans, frame, context, plugins }),
      );
      return rootGroup({
        id: `${id}-root`,
        start: cue.start,
        end: cue.end,
        frame,
        offset,
        direction: 'vertical',
        gap: 0,
        width: frame.maxWidth,
        height,
        growDown: false,
        children,
      });
    },
  };
  const stack = stackPlacement(frame, cue.layer ?? 0, context.safe);
  if (stack) block.stack = stack;
  return [block];
}

function lineNode(input: {
  id: string;
  spans: TextSpan[];
  frame: CueFrame;
  context: BuildContext;
  plugins: TextNode['pluginChain'];
}): ScenarioNode {
  const { frame, context } = input;
  const spans = [...input.spans];
  const styleOf = (span: TextSpan): Record<string, unknown> => {
    const style = mapSubtitleStyle({
      style: span.style,
      fontSize: span.style?.fontSize ?? frame.fontSize,
      fallbackFonts: context.fallbackFonts,
      warnings: context.warnings,
    });
    if (span.style?.backgroundColor) {
      context.warnings.add(
        {
          code: 'unsupported-style',
          message:
            'a background behind part of a line cannot be expressed; only whole-cue boxes are',
        },
        'build:span-bg',
      );
    }
    return style;
  };
  const withPlugins = <T extends TextNode>(node: T): T =>
    input.plugins && input.plugins.length > 0
      ? { ...node, pluginChain: input.plugins.map((p) => (typeof p === 'string' ? p : { ...p })) }
      : node;
  const styles = spans.map(styleOf);
  // A whitespace-only span is spacing, not text: it joins the span before it (or after it).
  for (let i = spans.length - 1; i >= 0 && spans.length > 1; i--) {
    if (spans[i]!.text.trim() !== '') continue;
    const target = i > 0 ? i - 1 : 1;
    spans[target] = {
      ...spans[target]!,
      text: i > 0 ? spans[target]!.text + spans[i]!.text : spans[i]!.text + spans[target]!.text,
    };
    spans.splice(i, 1);
    styles.splice(i, 1);
  }
  const uniform = styles.every((style) => JSON.stringify(style) === JSON.stringify(styles[0]));
  if (uniform) {
    const node: TextNode = {
      id: input.id,
      eType: 'text',
      text: spans.map((span) => span.text).join(''),
    };
    if (styles[0] && Object.keys(styles[0]).length > 0) node.style = styles[0];
    return withPlugins(node);
  }
  // Styling changes inside the line: a row of span nodes with no gap; `pre` keeps the spaces at
  // span edges that would otherwise collapse between the flex items.
  return {
    id: input.id,
    eType: 'group',
    layout: {
      childrenLayout: {
        mode: 'flow',
        direction: 'horizontal',
        wrap: false,
        gap: 0,
        align: 'center',
        justify: 'center',
      },
    },
    children: spans.map((span, index) =>
      withPlugins({
        id: `${input.id}-s${index + 1}`,
        eType: 'text',
        text: span.text,
        style: { ...styles[index], whiteSpace: 'pre' },
      }),
    ),
  };
}

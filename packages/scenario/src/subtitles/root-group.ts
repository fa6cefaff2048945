import type { Anchor, GroupNode, ScenarioNode } from '../types.js';
import type { CueFrame } from './cue-frame.js';
import { displayEnd } from './display-end.js';

export interface RootGroupInput {
  id: string;
  start: number;
  end: number;
  frame: CueFrame;
  /** Stacking offset (stage heights) away from the anchor edge. */
  offset: number;
  direction: 'vertical' | 'horizontal';
  /** Gap between children as a fraction of the stage width (horizontal flows only). */
  gap: number;
  /** Widest the caption group may be, as a fraction of the stage width (≤ frame.maxWidth). */
  width: number;
  /** Estimated height: with `growDown`, a bottom-placed caption is anchored by its top instead. */
  height: number;
  /** Lines appear one after another: anchor the top so earlier lines do not move up. */
  growDown: boolean;
  children: ScenarioNode[];
}

const round = (value: number): number => Math.round(value * 1e5) / 1e5;

/**
 * One caption's node tree: an outer root group that only places (anchored at `{x, y}` — an
 * object, the engine ignores `[x, y]` arrays — with a fixed width of the caption area), holding
 * the caption group that draws the box and lays out the lines or words as a wrapping flow.
 *
 * Why two groups: the engine positions a group with `left: x%` and a translate, so a shrink-to-fit
 * group anchored at its centre may only grow to the space right of `x` — half the stage for a
 * centred caption — and wraps early (seen in Chromium 156). The outer group has an explicit width,
 * and flexbox centres the caption group inside it, which still hugs its text (so a box fits it).
 *
 * No `safeAreaClamp`: the builder already places captions inside the safe area, and the engine
 * (1.5.0) measures a group for clamping before positioning it and before its children mount, so it
 * sees the full stage width and shifts a centred caption sideways (seen: x 0.5 → 0.45).
 */
export function rootGroup(input: RootGroupInput): GroupNode {
  const { frame } = input;
  let anchor: Anchor = frame.anchor;
  const vertical = anchor[0];
  let y =
    vertical === 'b' ? frame.y - input.offset : vertical === 't' ? frame.y + input.offset : frame.y;
  if (input.growDown && vertical === 'b') {
    anchor = `t${anchor[1]}` as Anchor;
    y -= input.height;
  }
  const flexAlign = frame.align === 'left' ? 'start' : frame.align === 'right' ? 'end' : 'center';
  const sideAlign = anchor[1] === 'l' ? 'start' : anchor[1] === 'r' ? 'end' : 'center';
  const caption: GroupNode = {
    id: `${input.id}-box`,
    eType: 'group',
    layout: {
      childrenLayout: {
        mode: 'flow',
        direction: input.direction,
        // wrap is also what makes the engine apply maxWidth to a vertical flow.
        wrap: true,
        gap: round(input.gap),
        // A percentage of the outer group's width.
        maxWidth: `${round(Math.min(100, (input.width / frame.maxWidth) * 100))}%`,
        align: input.direction === 'vertical' ? flexAlign : 'center',
        justify: input.direction === 'vertical' ? 'center' : flexAlign,
      },
    },
    children: input.children,
  };
  if (frame.box) {
    caption.boxStyle = {
      backgroundColor: frame.box.backgroundColor,
      padding: `${frame.box.padding.y}em ${frame.box.padding.x}em`,
      borderRadius: `${frame.box.radius}em`,
    };
  }
  const root: GroupNode = {
    id: `${input.id}-root`,
    eType: 'group',
    displayTime: [round6(input.start), displayEnd(input.start, input.end)],
    layout: {
      position: { x: round(frame.x), y: round(y) },
      anchor,
      size: { width: round(frame.maxWidth) },
      childrenLayout: {
        mode: 'flow',
        direction: 'vertical',
        wrap: false,
        gap: 0,
        align: sideAlign,
        justify: 'center',
      },
    },
    children: [caption],
  };
  const style = { ...frame.rootStyle };
  if (frame.align !== 'center') style.align = frame.align;
  if (Object.keys(style).length > 0) root.style = style;
  return root;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

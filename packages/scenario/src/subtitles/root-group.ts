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
  /** Container width as a fraction of the stage width. */
  width: number;
  /** Estimated height: with `growDown`, a bottom-placed caption is anchored by its top instead. */
  height: number;
  /** Lines appear one after another: anchor the top so earlier lines do not move up. */
  growDown: boolean;
  children: ScenarioNode[];
}

const round = (value: number): number => Math.round(value * 1e5) / 1e5;

/**
 * The root group of one caption: placed by anchor at `{x, y}` (an object — the engine ignores
 * `[x, y]` arrays), clamped into the stage safe area when the preset placed it, and laying its
 * children out as a wrapping flow no wider than `width`.
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
  const group: GroupNode = {
    id: input.id,
    eType: 'group',
    displayTime: [round6(input.start), displayEnd(input.start, input.end)],
    layout: {
      position: { x: round(frame.x), y: round(y) },
      anchor,
      ...(frame.placedByPreset ? { safeAreaClamp: true } : {}),
      childrenLayout: {
        mode: 'flow',
        direction: input.direction,
        // wrap is also what makes the engine apply maxWidth to a vertical flow.
        wrap: true,
        gap: round(input.gap),
        maxWidth: `${round(input.width * 100)}%`,
        align: input.direction === 'vertical' ? flexAlign : 'center',
        justify: input.direction === 'vertical' ? 'center' : flexAlign,
      },
    },
    children: input.children,
  };
  const style = { ...frame.rootStyle };
  if (frame.align !== 'center') style.align = frame.align;
  if (Object.keys(style).length > 0) group.style = style;
  if (frame.box) {
    group.boxStyle = {
      backgroundColor: frame.box.backgroundColor,
      padding: `${frame.box.padding.y}em ${frame.box.padding.x}em`,
      borderRadius: `${frame.box.radius}em`,
    };
  }
  return group;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * MotionText scenario v2.0, as `motiontext-renderer@1.5.0` reads it.
 * Spec: ../shared/reference/motiontext/scenario-json-spec-v-2-0.md. Where the spec and the engine
 * differ, these types follow the engine (DESIGN.md lists the known differences).
 *
 * Engine facts that matter to anyone producing scenarios:
 * - A node is shown at time t when `start <= t <= end` (both ends inclusive). Subtitle-style cues
 *   that should be half-open [start, end) end a hair earlier (see `HALF_OPEN_EPSILON`).
 * - Plugin window = computePluginWindowFromBase(baseTime ?? node.displayTime, timeOffset): a
 *   percentage on the *end* bound is measured from the base *end*, so the default
 *   `["0%", "100%"]` runs past the node's end. `["0%", "0%"]` spans exactly the base time.
 * - `[x, y]` array positions are ignored by the engine; use `{x, y}`.
 * - Node and cue ids must be unique across the whole scenario.
 */

export type TimeRange = [number, number];
/** Seconds (number, may be negative) or a percentage string such as "50%". */
export type TimeOffsetBound = number | string;

export type Anchor = 'tl' | 'tc' | 'tr' | 'cl' | 'cc' | 'cr' | 'bl' | 'bc' | 'br';

export interface PluginSpec {
  name: string;
  baseTime?: TimeRange;
  timeOffset?: [TimeOffsetBound, TimeOffsetBound];
  params?: Record<string, unknown>;
  compose?: 'replace' | 'add' | 'multiply';
  type?: 'channel' | 'dom' | 'hybrid';
  [key: string]: unknown;
}

export interface Layout {
  position?: { x: number | string; y: number | string };
  anchor?: Anchor;
  size?: { width?: number | string; height?: number | string };
  safeAreaClamp?: boolean;
  transform?: Record<string, unknown>;
  childrenLayout?: {
    mode?: 'flow' | 'grid' | 'absolute';
    direction?: 'horizontal' | 'vertical';
    wrap?: boolean;
    gap?: number;
    maxWidth?: number | string;
    align?: string;
    justify?: string;
  };
  [key: string]: unknown;
}

export type Style = Record<string, unknown>;

export interface BaseNode {
  id: string;
  displayTime?: TimeRange;
  baseTime?: TimeRange;
  layout?: Layout;
  style?: Style;
  boxStyle?: Style;
  pluginChain?: (PluginSpec | string)[];
  effectScope?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface GroupNode extends BaseNode {
  eType: 'group';
  children?: ScenarioNode[];
}

export interface TextNode extends BaseNode {
  eType: 'text';
  text: string;
}

export interface ImageNode extends BaseNode {
  eType: 'image';
  src: string;
  alt?: string;
}

export interface VideoNode extends BaseNode {
  eType: 'video';
  src: string;
}

export type ScenarioNode = GroupNode | TextNode | ImageNode | VideoNode;

export interface Track {
  id: string;
  type: 'subtitle' | 'free';
  layer: number;
  overlapPolicy?: 'push' | 'stack' | 'ignore';
  defaultStyle?: Style;
  defaultBoxStyle?: Style;
  defaultConstraints?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Cue {
  id: string;
  track: string;
  domLifetime?: TimeRange;
  root: ScenarioNode;
  [key: string]: unknown;
}

export interface Scenario {
  version: '2.0';
  pluginApiVersion?: string;
  timebase: { unit: 'seconds'; fps?: number };
  stage: { baseAspect: '16:9' | '9:16' | 'auto'; [key: string]: unknown };
  define?: Record<string, unknown>;
  tracks: Track[];
  cues: Cue[];
  [key: string]: unknown;
}

/** End-of-cue adjustment that turns the engine's inclusive [start, end] into [start, end). */
export const HALF_OPEN_EPSILON = 0.0005;

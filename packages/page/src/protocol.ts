/**
 * The typed contract between Node and the render page (window.__ecg). Everything here crosses the
 * CDP boundary as JSON, so it holds plain data only.
 */
import type { Rational } from './frame-time.js';

/**
 * The seed a render uses when it is given none (`InitRequest.seed`); the studio's preview draws
 * with it too, since the studio's renders never set one.
 */
export const DEFAULT_RENDER_SEED = 'ecg-render';

export interface PluginRef {
  /** Registered name (the scenario may use `name` or `name@version`). */
  name: string;
  version: string;
  /** Same-origin URL of the plugin folder, ending in '/'. */
  baseUrl: string;
  manifest: Record<string, unknown>;
}

export interface FontAsset {
  family: string;
  /** Same-origin URL. */
  url: string;
  descriptors?: { weight?: string; style?: string };
}

export interface InitRequest {
  scenario: unknown;
  width: number;
  height: number;
  fps: Rational;
  /** Seeds Math.random for every node; the same seed gives the same pixels. */
  seed: string;
  plugins: PluginRef[];
  fonts: FontAsset[];
  /** Absolute index of the first frame asked for (a render of a time range starts past 0). */
  firstFrame: number;
  /** Frames asked for, from firstFrame on; `goto` takes absolute frame indices. */
  frameCount: number;
}

export interface PluginWindow {
  name: string;
  /** Absolute seconds, inclusive; null when the engine would never run it (non-finite base). */
  window: [number, number] | null;
  kind: 'dom' | 'channel' | 'hybrid' | 'unknown';
}

export interface TimelineNode {
  /** `${cueId}:${nodeId}`, as the engine keys mounted elements. */
  key: string;
  cueId: string;
  eType: string;
  /** Whether this node draws anything by itself (text, image, a styled box, a plugin). */
  content: boolean;
  /** Seconds, inclusive both ends; null when the engine never mounts it. */
  active: [number, number] | null;
  plugins: PluginWindow[];
}

export interface TimelineInfo {
  nodes: TimelineNode[];
}

export interface PageWarning {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface InitResult {
  timeline: TimelineInfo;
  warnings: PageWarning[];
  engineVersion: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GotoResult {
  /** Frames the page actually stepped through to reach the target (replays included). */
  processed: number;
  /**
   * Something in the page moves on its own (a running tween, a timer, a CSS animation, a video):
   * the next frame may differ even where the scenario says it cannot.
   */
  dynamic: boolean;
  /** Whether any content node is mounted. */
  visible: boolean;
}

/** Error shape thrown from the page: a stable code plus the frame it happened on. */
export interface PageError {
  code: string;
  message: string;
  frame?: number;
  details?: Record<string, unknown>;
}

/** The page's operations, by name, with their argument and result types. */
export interface PageMethods {
  init: { args: [InitRequest]; result: InitResult };
  /** Union of content bounds (stage pixels, shadow margins included) over these frames. */
  measure: { args: [number[]]; result: Box | null };
  /** Shows the stage region `box` at the viewport's top-left (captures cropped by the viewport). */
  setViewportOrigin: { args: [Box]; result: null };
  /** Brings the page to exactly the state of frame `index` as a forward pass has it. */
  goto: { args: [number]; result: GotoResult };
}

export type PageMethod = keyof PageMethods;

/** Page calls never throw across CDP; they answer with a result or a coded error. */
export type PageResult<T> = { ok: true; value: T } | { ok: false; error: PageError };

export interface PageEntry {
  call<M extends PageMethod>(
    method: M,
    args: PageMethods[M]['args'],
  ): Promise<PageResult<PageMethods[M]['result']>>;
}

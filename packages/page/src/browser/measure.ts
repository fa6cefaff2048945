import type { Box } from '../protocol.js';

const LENGTH = /(-?\d*\.?\d+)px/g;

/** How far shadows, strokes, outlines and filters paint beyond an element's layout box. */
function paintOverflow(style: CSSStyleDeclaration): number {
  let extent = 0;
  const sumLengths = (value: string): number => {
    // For each comma-separated shadow, offsets + blur (+ spread) bound its reach.
    let worst = 0;
    for (const part of value.split(/,(?![^(]*\))/)) {
      let total = 0;
      for (const match of part.matchAll(LENGTH)) total += Math.abs(Number(match[1]));
      worst = Math.max(worst, total);
    }
    return worst;
  };
  if (style.textShadow && style.textShadow !== 'none')
    extent = Math.max(extent, sumLengths(style.textShadow));
  if (style.boxShadow && style.boxShadow !== 'none')
    extent = Math.max(extent, sumLengths(style.boxShadow));
  if (style.filter && style.filter !== 'none')
    extent = Math.max(extent, sumLengths(style.filter) * 2);
  const stroke = parseFloat(style.getPropertyValue('-webkit-text-stroke-width'));
  if (Number.isFinite(stroke)) extent = Math.max(extent, stroke);
  const outline = parseFloat(style.outlineWidth) + Math.abs(parseFloat(style.outlineOffset) || 0);
  if (style.outlineStyle !== 'none' && Number.isFinite(outline)) extent = Math.max(extent, outline);
  return extent;
}

/**
 * Bounds of everything drawn inside the stage right now, in stage pixels: each element's border box
 * and each text run, grown by what its shadows and filters paint outside it. Invisible wrappers
 * (no size) do not count.
 */
export function measureContent(container: HTMLElement, stage: HTMLElement): Box | null {
  const origin = stage.getBoundingClientRect();
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const add = (rect: DOMRect, grow: number) => {
    if (rect.width <= 0 || rect.height <= 0) return;
    x0 = Math.min(x0, rect.left - grow);
    y0 = Math.min(y0, rect.top - grow);
    x1 = Math.max(x1, rect.right + grow);
    y1 = Math.max(y1, rect.bottom + grow);
  };
  const range = document.createRange();
  const walker = document.createTreeWalker(
    container,
    NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
  );
  // Shadows and filters are inherited visually by text, so carry the largest overflow seen on the
  // way down to the text runs.
  const overflowOf = new Map<Node, number>([[container, 0]]);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parentOverflow = overflowOf.get(node.parentNode as Node) ?? 0;
    if (node.nodeType === Node.TEXT_NODE) {
      if (!node.textContent?.trim()) continue;
      range.selectNodeContents(node);
      for (const rect of Array.from(range.getClientRects())) add(rect, parentOverflow);
      continue;
    }
    const element = node as HTMLElement;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') {
      overflowOf.set(node, parentOverflow);
      continue;
    }
    const overflow = Math.max(parentOverflow, paintOverflow(style));
    overflowOf.set(node, overflow);
    const painted =
      element.tagName === 'IMG' ||
      element.tagName === 'VIDEO' ||
      element.tagName === 'CANVAS' ||
      element.tagName === 'svg' ||
      (style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent') ||
      style.backgroundImage !== 'none' ||
      parseFloat(style.borderTopWidth) > 0 ||
      parseFloat(style.borderLeftWidth) > 0 ||
      (style.boxShadow !== 'none' && style.boxShadow !== '');
    if (painted) add(element.getBoundingClientRect(), overflow);
  }
  range.detach();
  if (!Number.isFinite(x0)) return null;
  return {
    x: Math.floor(x0 - origin.left),
    y: Math.floor(y0 - origin.top),
    width: Math.ceil(x1 - x0),
    height: Math.ceil(y1 - y0),
  };
}

export function unionBoxes(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

import type { FontAsset, PageWarning } from '../protocol.js';
import { fail } from './page-failure.js';

const GENERIC = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'emoji',
  'math',
  'fangsong',
  'inherit',
  'initial',
  'unset',
]);

/** Splits a CSS font-family list, honouring quotes. */
export function splitFamilies(list: string): string[] {
  const out: string[] = [];
  for (const match of list.matchAll(/\s*("([^"]*)"|'([^']*)'|[^,]+)\s*(,|$)/g)) {
    const name = (match[2] ?? match[3] ?? match[1] ?? '').trim();
    if (name) out.push(name);
  }
  return out;
}

/** Loads the scenario's declared font files (same origin) and waits for every face to be ready. */
export async function loadFontAssets(fonts: FontAsset[]): Promise<void> {
  for (const font of fonts) {
    const face = new FontFace(font.family, `url("${font.url}")`, font.descriptors ?? {});
    try {
      await face.load();
    } catch (error) {
      fail({
        code: 'MISSING_FONT',
        message: `Font "${font.family}" could not be loaded from ${font.url}: ${String(error)}`,
        details: { family: font.family },
      });
    }
    document.fonts.add(face);
  }
  await document.fonts.ready;
}

const PROBE_TEXT = 'mmmmmmmmmmlli WQ@#가나다';

/**
 * Whether `family` resolves to a real font: text set in it must measure differently from text set
 * in each generic fallback alone (Chromium falls back silently, so this is the only observable).
 */
function familyAvailable(family: string, context: CanvasRenderingContext2D): boolean {
  for (const face of document.fonts) {
    if (face.family.replace(/^["']|["']$/g, '') === family && face.status === 'loaded') return true;
  }
  for (const fallback of ['monospace', 'serif', 'sans-serif']) {
    context.font = `72px ${fallback}`;
    const base = context.measureText(PROBE_TEXT).width;
    context.font = `72px "${family}", ${fallback}`;
    if (context.measureText(PROBE_TEXT).width !== base) return true;
  }
  return false;
}

function collectFamilies(parsed: unknown): Set<string> {
  const lists = new Set<string>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    for (const [key, child] of Object.entries(value)) {
      if (key === 'fontFamily' && typeof child === 'string') lists.add(child);
      else if (key !== 'define') visit(child);
    }
  };
  visit(parsed);
  return lists;
}

/**
 * Every font-family list in the scenario must resolve to something: a list whose families are all
 * missing and that names no generic fallback fails with MISSING_FONT; a list that falls back is a
 * warning, since the output will not look as designed.
 */
export function checkFonts(parsed: unknown): PageWarning[] {
  const warnings: PageWarning[] = [];
  const context = document.createElement('canvas').getContext('2d')!;
  for (const list of collectFamilies(parsed)) {
    const families = splitFamilies(list);
    const named = families.filter((f) => !GENERIC.has(f.toLowerCase()));
    const missing = named.filter((f) => !familyAvailable(f, context));
    if (missing.length === 0) continue;
    const hasGeneric = families.some((f) => GENERIC.has(f.toLowerCase()));
    if (missing.length === named.length && !hasGeneric) {
      fail({
        code: 'MISSING_FONT',
        message: `No font in "${list}" is installed or provided by the scenario (missing: ${missing.join(', ')})`,
        details: { fontFamily: list, missing },
      });
    }
    warnings.push({
      code: 'FONT_FALLBACK',
      message: `Font ${missing.map((f) => `"${f}"`).join(', ')} not found; "${list}" falls back to ${
        named.find((f) => !missing.includes(f)) ??
        families.find((f) => GENERIC.has(f.toLowerCase()))
      }`,
      details: { fontFamily: list, missing },
    });
  }
  return warnings;
}

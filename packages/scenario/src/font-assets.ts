import { EcgError } from '@ecg-render/errors';
import { declaredAssetsOf } from './scenario-facts.js';
import type { Scenario } from './types.js';

/** Where a declared asset's `src` points: embedded in the scenario, elsewhere on the net, or a file. */
export type AssetOrigin = 'embedded' | 'remote' | 'file';

export function assetOrigin(source: string): AssetOrigin {
  if (/^data:/i.test(source)) return 'embedded';
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return 'remote';
  return 'file';
}

/** A base64 data URI with a font media type (what `FontFace` and the page's CSP accept). */
const FONT_DATA_URI =
  /^data:(?:font\/[a-z0-9.+-]+|application\/(?:font-woff2?|font-sfnt|x-font-(?:ttf|otf|woff)|vnd\.ms-opentype|octet-stream))(?:;[a-z0-9-]+=[^;,]*)*;base64,[A-Za-z0-9+/]+={0,2}$/i;

export type FontAssetSource =
  | { key: string; family: string; origin: 'embedded'; url: string }
  | { key: string; family: string; origin: 'file'; path: string };

/**
 * The font assets a (define-resolved) scenario declares (`define.X = {type: 'font', family, src}`)
 * and where each is loaded from, refusing what no render may load, each with its JSON path:
 * - a URL (`https:` …) is ASSET_NOT_ALLOWED: renders never fetch from the network;
 * - a `data:` URI must be a base64 font (`font/woff2`, `font/ttf`, …), else ASSET_NOT_ALLOWED;
 * - a relative path is a file next to the scenario; where there is no folder (`files: false`, a
 *   scenario sent to the service) it is ASSET_NOT_FOUND, saying to embed the font instead.
 * A font asset without a family names nothing the captions could use and is passed over.
 */
export function fontAssetSources(
  resolved: Scenario,
  options: { files: boolean },
): FontAssetSource[] {
  const out: FontAssetSource[] = [];
  for (const asset of declaredAssetsOf(resolved)) {
    if (asset.type !== 'font') continue;
    const path = `$.define.${asset.key}`;
    const origin = assetOrigin(asset.source);
    if (origin === 'remote') {
      throw new EcgError(
        'ASSET_NOT_ALLOWED',
        `define.${asset.key}: font ${asset.source} is remote; renders never fetch from the network — embed it as a data: URI (data:font/woff2;base64,…) or, with the CLI, put the file next to the scenario and reference it by relative path`,
        { details: { path, source: asset.source } },
      );
    }
    if (origin === 'embedded' && !FONT_DATA_URI.test(asset.source)) {
      throw new EcgError(
        'ASSET_NOT_ALLOWED',
        `define.${asset.key}: an embedded font must be a base64 data: URI with a font media type (data:font/woff2;base64,…)`,
        { details: { path } },
      );
    }
    if (origin === 'file' && !options.files) {
      throw new EcgError(
        'ASSET_NOT_FOUND',
        `define.${asset.key}: font file ${asset.source} needs the scenario's folder, which a scenario sent to the service does not have; embed the font as a data: URI (data:font/woff2;base64,…)`,
        { details: { path, source: asset.source } },
      );
    }
    if (!asset.family) continue;
    out.push(
      origin === 'embedded'
        ? { key: asset.key, family: asset.family, origin, url: asset.source }
        : { key: asset.key, family: asset.family, origin: 'file', path: asset.source },
    );
  }
  return out;
}

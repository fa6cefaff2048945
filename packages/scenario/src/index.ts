export type * from './types.js';
export { HALF_OPEN_EPSILON } from './types.js';
export { normalizeScenario, type NormalizedScenario } from './normalize-scenario.js';
export type { ScenarioWarning } from './scenario-warning.js';
export { resolveDefines } from './resolve-defines.js';
export { jsonPath } from './json-path.js';
export { locateJsonSyntaxError, type JsonSyntaxLocation } from './locate-json-syntax-error.js';
export {
  pluginNamesOf,
  declaredAssetsOf,
  scenarioEndTime,
  type DeclaredAsset,
} from './scenario-facts.js';
export {
  assetOrigin,
  fontAssetSources,
  type AssetOrigin,
  type FontAssetSource,
} from './font-assets.js';
export * from './subtitles/index.js';

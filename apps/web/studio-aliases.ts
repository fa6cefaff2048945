/**
 * Module names the studio uses for code it shares with the workers, mapped to that code's
 * TypeScript sources: scenario checks and importers, frame times and tables, the render page's plugin host and
 * seeded randomness.
 * Bundling the sources (not a built copy) means the studio can never lag behind what workers run.
 * Used by vite.config.ts and by the root vitest.config.ts (the studio's unit tests); the same
 * names are in tsconfig.app.json `paths`. Exact-match patterns, so no name captures another.
 */
export function studioAliases(repoRoot: string): { find: RegExp; replacement: string }[] {
  const src = (path: string) => `${repoRoot}packages/${path}`;
  return [
    { find: /^@ecg-render\/scenario$/, replacement: src('scenario/src/index.ts') },
    { find: /^@ecg-render\/errors$/, replacement: src('errors/src/index.ts') },
    // Encoder preset names (the package's index is Node code).
    {
      find: /^@ecg-render\/ffmpeg\/encoder-presets$/,
      replacement: src('ffmpeg/src/encoder-presets.ts'),
    },
    // How workers choose among plugin packages (pure; the package's index is Node code).
    { find: /^@ecg-render\/plugins-src\/(.+)$/, replacement: src('plugins/src/$1') },
    {
      find: /^@ecg-render\/page\/(frame-time|protocol|frame-table|timeline-extract)$/,
      replacement: src('page/src/$1.ts'),
    },
    {
      find: /^@ecg-render\/page\/(plugin-host|seeded-random)$/,
      replacement: src('page/src/browser/$1.ts'),
    },
  ];
}

// Import boundaries: the layering in STYLE.md, held by the tool. Imports only point downward.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'packages-do-not-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(apps/|node_modules/@ecg-render/(cli|api|worker|web)/)' },
    },
    {
      name: 'pure-packages-stay-pure',
      comment: 'scenario and errors are pure logic: no rendering, storage or queue code',
      severity: 'error',
      from: { path: '^packages/(scenario|errors)/' },
      to: {
        path: '(^packages/|node_modules/@ecg-render/)(render|pipeline|ffmpeg|storage|db|queue|page|jobs)/',
      },
    },
    {
      name: 'api-has-no-rendering-code',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '(^packages/|node_modules/@ecg-render/)(render|pipeline|page)/' },
    },
    {
      name: 'browser-code-stays-in-the-page',
      comment:
        'the render page bundle is browser code; Node packages use its protocol, not its internals',
      severity: 'error',
      from: { pathNot: '^packages/page/src/browser/' },
      to: { path: '^packages/page/src/browser/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(/dist/|node_modules/.+/node_modules/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};

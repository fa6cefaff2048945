export { buildApp } from './build-app.js';
export { startServer, type StartServerOptions, type RunningServer } from './start-server.js';
export type { ApiDeps, DashboardQueue } from './api-deps.js';
export type { ApiDispatcher } from './dispatcher.js';
export type { JobView } from './render/job-view.js';
export type { Problem } from './errors/problem.js';
export type { LookupHost } from './urls/lookup-host.js';

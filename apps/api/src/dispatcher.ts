import type { Dispatcher } from '@ecg-render/jobs';

/**
 * What the API needs of packages/jobs' Dispatcher: it enqueues renders and reads queue depths
 * (readiness, metrics). Typed as this subset so route tests can pass a recording double.
 */
export type ApiDispatcher = Pick<Dispatcher, 'enqueueRender' | 'counts'>;

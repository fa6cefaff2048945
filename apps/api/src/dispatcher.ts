import type { Dispatcher } from '@ecg-render/jobs';

/**
 * What the API needs of packages/jobs' Dispatcher: it enqueues renders, the webhook of a job it
 * ends itself (a queued job cancelled), and reads queue depths (readiness, metrics). Typed as this
 * subset so route tests can pass a recording double.
 */
export type ApiDispatcher = Pick<Dispatcher, 'enqueueRender' | 'enqueueWebhook' | 'counts'>;

import { lookup } from 'node:dns/promises';

/** Every address a host name resolves to. */
export type LookupHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver (what the worker's download will use too), every address at once. */
export const systemLookupHost: LookupHost = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

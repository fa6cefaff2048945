import type { ResolvedAddress } from '@ecg-render/jobs';

/** Resolves a host name to every address it has (the URL checks' `resolve`); tests replace it. */
export type LookupHost = (hostname: string) => Promise<ResolvedAddress[]>;

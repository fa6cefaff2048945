import type { PageError } from '../protocol.js';

export type PageFailure = PageError;

/** Thrown inside the page; `call` turns it into a coded PageResult. */
export class PageFailureError extends Error {
  constructor(readonly failure: PageFailure) {
    super(failure.message);
  }
}

export function fail(failure: PageFailure): never {
  throw new PageFailureError(failure);
}

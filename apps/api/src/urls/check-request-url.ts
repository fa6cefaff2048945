import { assertPublicUrl, type ResolvedAddress } from '@ecg-render/jobs';
import { EcgError, isEcgError } from '@ecg-render/errors';

/**
 * The early refusal of a URL from a request (URL_NOT_ALLOWED, naming the request field): not
 * http(s), or a host that resolves to a loopback, private, link-local or metadata address. It is
 * packages/jobs' assertPublicUrl, the same policy the worker applies again when it connects.
 */
export async function checkRequestUrl(input: {
  url: string;
  field: string;
  allowPrivate: boolean;
  allowAddresses?: readonly string[];
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}): Promise<void> {
  try {
    await assertPublicUrl({
      url: input.url,
      policy: {
        allowPrivate: input.allowPrivate,
        ...(input.allowAddresses && { allowAddresses: input.allowAddresses }),
        ...(input.resolve && { resolve: input.resolve }),
      },
    });
  } catch (error) {
    if (isEcgError(error) && error.code === 'URL_NOT_ALLOWED') {
      throw new EcgError('URL_NOT_ALLOWED', `${input.field}: ${error.message}`, {
        details: { ...error.details, field: input.field },
        cause: error,
      });
    }
    throw error;
  }
}

/** One resolved address, as `dns.lookup(host, {all: true})` reports it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Where untrusted URLs (video sources, webhook receivers) may lead. */
export interface UrlPolicy {
  /**
   * Allow loopback, private and other internal addresses (ALLOW_PRIVATE_URLS: tests only, as it
   * turns SSRF protection off). Default false.
   */
  allowPrivate?: boolean;
  /**
   * Exact addresses allowed although internal, e.g. an in-house media server (and tests). Every
   * other internal address stays refused, redirect targets included. Default none.
   */
  allowAddresses?: readonly string[];
  /** Name resolution. Default `dns.lookup` with `all: true` (what the OS resolver says). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

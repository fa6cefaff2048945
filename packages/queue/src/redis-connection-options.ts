/** Where Redis is: a `redis://` / `rediss://` URL, or host and port. */
export type RedisConnectionOptions =
  | { url: string }
  | {
      host: string;
      port: number;
      username?: string;
      password?: string;
      db?: number;
      tls?: boolean;
    };

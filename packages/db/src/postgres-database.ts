import pg from 'pg';
import type { Db, QueryResult, Sql, TransactionOptions } from './sql.js';
import { transactionSql, type TransactionConnection } from './transaction-sql.js';
import { translateDatabaseError } from './translate-database-error.js';

export interface PostgresOptions {
  url: string;
  /** Connections in the pool (pg's default is 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell API from worker connections. */
  applicationName?: string;
  /** An idle pooled connection failed (server restart, network); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

/** PostgreSQL through a pg connection pool. Each transaction holds one pooled connection. */
export function postgresDatabase(options: PostgresOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'ecg-render',
  });
  // Without a listener, an idle client's error (e.g. the server restarting) is an unhandled
  // 'error' event and kills the process; the pool drops that client and the next query reconnects.
  pool.on('error', (error) => options.onIdleError?.(error));

  const onConnection = (client: pg.PoolClient): TransactionConnection => ({
    query: async <T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
      try {
        const result = await client.query(text, params as unknown[] | undefined);
        return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        throw translateDatabaseError(error);
      }
    },
    exec: async (script) => {
      try {
        // Without parameters pg uses the simple query protocol, which accepts several statements.
        await client.query(script);
      } catch (error) {
        throw translateDatabaseError(error);
      }
    },
  });

  return {
    kind: 'postgres',
    async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      try {
        const result = await pool.query(text, params as unknown[] | undefined);
        return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        throw translateDatabaseError(error);
      }
    },
    async exec(script) {
      try {
        await pool.query(script);
      } catch (error) {
        throw translateDatabaseError(error);
      }
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>, txOptions?: TransactionOptions): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translateDatabaseError(error);
      }
      const connection = onConnection(client);
      // A connection whose ROLLBACK failed is in an unknown state: destroy it, do not reuse it.
      let broken: Error | undefined;
      try {
        await connection.query(beginStatement(txOptions));
        try {
          const result = await fn(transactionSql(connection, 0));
          await connection.query('COMMIT');
          return result;
        } catch (error) {
          await connection.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken =
              rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

function beginStatement(options: TransactionOptions | undefined): string {
  return options?.isolation === undefined
    ? 'BEGIN'
    : `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}`;
}

import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult, Sql, TransactionOptions } from './sql.js';
import { transactionSql, type TransactionConnection } from './transaction-sql.js';

/**
 * Embedded PostgreSQL (PGlite, compiled to WebAssembly) for standalone mode: the same SQL and
 * migrations as the server, with no server to run.
 *
 * PGlite is one connection. Its `transaction` takes a lock that every other query waits for, so a
 * transaction never interleaves with statements from elsewhere in the process: isolation holds
 * the way it would across pooled PostgreSQL connections. The one rule it brings: inside a
 * transaction, use the `tx` handed to the callback; calling the Db itself there would wait for the
 * transaction to end, forever.
 *
 * Only one process may open a data directory at a time.
 */
export async function pgliteDatabase(where: { dataDir: string } | 'memory'): Promise<Db> {
  // 'memory': gone when closed (tests). A directory holds the database across restarts.
  if (where !== 'memory') mkdirSync(where.dataDir, { recursive: true });
  const pglite = await PGlite.create(where === 'memory' ? undefined : where.dataDir);

  const onTransaction = (tx: Transaction): TransactionConnection => ({
    query: async <T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
      const result = await tx.query<T>(text, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    exec: async (script) => {
      await tx.exec(script);
    },
  });

  return {
    kind: 'pglite',
    async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await pglite.query<T>(text, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(script) {
      await pglite.exec(script);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T> {
      return pglite.transaction(async (tx) => {
        if (options?.isolation !== undefined) {
          await tx.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
        }
        return fn(transactionSql(onTransaction(tx), 0));
      });
    },
    async close() {
      await pglite.close();
    },
  };
}

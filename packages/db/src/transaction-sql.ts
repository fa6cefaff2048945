import { EcgError } from '@ecg-render/errors';
import type { QueryResult, Sql } from './sql.js';

/** One connection with a transaction open on it. */
export interface TransactionConnection {
  query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  exec(script: string): Promise<void>;
}

/**
 * The Sql handed to a transaction's callback. Its own `transaction` opens a savepoint, so a nested
 * call rolls back only its part and the outer transaction goes on. `depth` keeps the savepoint
 * names of a nesting chain distinct.
 */
export function transactionSql(connection: TransactionConnection, depth: number): Sql {
  return {
    query: (text, params) => connection.query(text, params),
    exec: (script) => connection.exec(script),
    transaction: async (fn, options) => {
      if (options?.isolation !== undefined) {
        // The isolation level belongs to the outermost transaction; ignoring it silently would
        // let a caller believe it got serializable when it did not.
        throw new EcgError('INTERNAL', 'A nested transaction cannot choose its isolation level', {
          retryable: false,
        });
      }
      const name = `ecg_savepoint_${depth}`;
      await connection.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(transactionSql(connection, depth + 1));
        await connection.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await connection.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
  };
}

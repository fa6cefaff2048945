/** Rows and the number of rows a statement touched. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Only for an outermost transaction; PostgreSQL's default is read committed. */
  isolation?: IsolationLevel;
}

/**
 * What repositories take: the database itself or a transaction on it. Both behave the same, so a
 * repository function composes into a caller's transaction without knowing it is in one.
 */
export interface Sql {
  /** One statement with $1-style parameters. Row types are the caller's claim, not checked. */
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs fn in a transaction: committed when fn resolves, rolled back when it throws. Inside a
   * transaction this opens a savepoint instead, so nested calls roll back only their own part.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** An open database: PostgreSQL through a connection pool, or embedded PGlite. */
export interface Db extends Sql {
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

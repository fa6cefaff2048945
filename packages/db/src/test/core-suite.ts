import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate.js';
import type { TestDatabase } from './test-backend.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Migrations and transaction semantics, the same on every backend. */
export function coreSuite(t: () => TestDatabase): void {
  describe('migrate', () => {
    it('records each migration once and applies nothing the second time', async () => {
      const { rows } = await t().db.query<{ version: number; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      expect(rows).toEqual([
        { version: 1, name: '0001_initial' },
        { version: 2, name: '0002_jobs_ended_with_webhook' },
      ]);
      expect(await migrate(t().db)).toEqual({ applied: [] });
    });

    it('refuses a migration edited after it was applied', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ecg-migrations-'));
      try {
        await cp(MIGRATIONS, dir, { recursive: true });
        const file = join(dir, '0001_initial.sql');
        await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited\n`);
        await expect(migrate(t().db, { dir })).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('applies a new migration, in its own transaction, and rolls back a broken one', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ecg-migrations-'));
      try {
        await cp(MIGRATIONS, dir, { recursive: true });
        await writeFile(
          join(dir, '9001_broken.sql'),
          'CREATE TABLE ecg_half_done (id int); SELECT no_such_function();',
        );
        await expect(migrate(t().db, { dir })).rejects.toMatchObject({
          code: 'MIGRATION_FAILED',
          details: { migration: '9001_broken' },
        });
        const { rows } = await t().db.query(`SELECT to_regclass('ecg_half_done') AS t`);
        expect(rows[0]).toEqual({ t: null });

        await writeFile(join(dir, '9001_broken.sql'), 'CREATE TABLE ecg_added (id int);');
        expect(await migrate(t().db, { dir })).toEqual({ applied: ['9001_broken'] });
        await t().db.exec(
          'DROP TABLE ecg_added; DELETE FROM schema_migrations WHERE version = 9001;',
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses badly named files', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ecg-migrations-'));
      try {
        await writeFile(join(dir, 'add-things.sql'), 'SELECT 1;');
        await expect(migrate(t().db, { dir })).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('transactions', () => {
    it('commit on success, roll back on error', async () => {
      const { db } = t();
      await db.exec('CREATE TABLE IF NOT EXISTS tx_probe (v text)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES ($1)', ['kept']);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO tx_probe VALUES ($1)', ['dropped']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await db.query('SELECT v FROM tx_probe ORDER BY v');
      expect(rows).toEqual([{ v: 'kept' }]);
      await db.exec('DROP TABLE tx_probe');
    });

    it('a nested transaction is a savepoint: its failure leaves the outer work intact', async () => {
      const { db } = t();
      await db.exec('CREATE TABLE IF NOT EXISTS tx_nested (v text)');
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO tx_nested VALUES ('outer')`);
        await expect(
          tx.transaction(async (inner) => {
            await inner.query(`INSERT INTO tx_nested VALUES ('inner')`);
            await inner.transaction(async (innermost) => {
              await innermost.query(`INSERT INTO tx_nested VALUES ('innermost')`);
            });
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
        await tx.transaction(async (inner) => {
          await inner.query(`INSERT INTO tx_nested VALUES ('second inner')`);
        });
      });
      const { rows } = await db.query('SELECT v FROM tx_nested ORDER BY v');
      expect(rows).toEqual([{ v: 'outer' }, { v: 'second inner' }]);
      await db.exec('DROP TABLE tx_nested');
    });

    it('sets the isolation level of an outermost transaction, and refuses one on a nested', async () => {
      const { db } = t();
      const level = await db.transaction(
        async (tx) => {
          const { rows } = await tx.query<{ level: string }>(
            'SELECT current_setting($1) AS level',
            ['transaction_isolation'],
          );
          await expect(
            tx.transaction(() => Promise.resolve(1), { isolation: 'serializable' }),
          ).rejects.toMatchObject({ code: 'INTERNAL' });
          return rows[0]?.level;
        },
        { isolation: 'serializable' },
      );
      expect(level).toBe('serializable');
    });
  });
}

import { join } from 'node:path';
import { findPluginByHash, listPlugins, registerPlugin } from '@ecg-render/db';
import { storePluginPackage } from '@ecg-render/jobs';
import { builtinPlugins, readPluginPackage } from '@ecg-render/plugins';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { receivePluginUpload } from '../plugin-registry/receive-plugin-upload.js';
import { problems } from './schemas.js';

const ARCHIVE_TYPES = [
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-gtar',
  'application/octet-stream',
];

const PLUGIN_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    sha256: { type: 'string', description: 'Content hash that pins the package.' },
    size: { type: 'integer' },
    builtin: { type: 'boolean' },
    createdAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** The plugin registry: POST /api/plugins (upload a package), GET /api/plugins. */
export function pluginRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Archive bodies reach the handler as streams; these parsers exist only in this scope.
  app.addContentTypeParser(ARCHIVE_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/api/plugins',
    {
      schema: {
        summary: 'Upload a plugin package',
        description:
          'A .zip or .tar(.gz) body, or multipart/form-data with one archive or with the package files named by their ' +
          'relative paths (manifest.json, index.mjs, assets/…). Extracted safely (no path traversal or links, at most ' +
          '200 files and 20 MiB), validated, stored and pinned by content hash. The same content again returns the ' +
          'existing record (200).',
        tags: ['plugins'],
        consumes: [
          'application/zip',
          'application/gzip',
          'application/x-tar',
          'multipart/form-data',
        ],
        response: {
          201: { description: 'Registered', ...PLUGIN_SCHEMA },
          200: { description: 'Already registered', ...PLUGIN_SCHEMA },
          ...problems(400, 401, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const received = await receivePluginUpload(
        request,
        join(deps.config.dataDir, 'tmp', 'plugins'),
      );
      try {
        const pkg = await readPluginPackage(received.dir);
        const existing = await findPluginByHash(deps.sql, pkg.sha256);
        if (existing !== null && existing.name === pkg.name && existing.version === pkg.version) {
          return reply.code(200).send(view(existing));
        }
        // One object per file plus an index (packages/jobs pluginStorageKey), which workers fetch.
        const stored = await storePluginPackage({ storage: deps.storage, pkg });
        const { plugin, created } = await registerPlugin(deps.sql, {
          name: pkg.name,
          version: pkg.version,
          sha256: pkg.sha256,
          storageKey: stored.storageKey,
          sizeBytes: stored.sizeBytes,
          manifest: pkg.manifest,
        });
        return reply.code(created ? 201 : 200).send(view(plugin));
      } finally {
        await received.cleanup();
      }
    },
  );

  app.get(
    '/api/plugins',
    {
      schema: {
        summary: 'Registered and built-in plugins',
        tags: ['plugins'],
        response: {
          200: { type: 'object', properties: { plugins: { type: 'array', items: PLUGIN_SCHEMA } } },
          ...problems(401),
        },
      },
    },
    async () => {
      const registered = (await listPlugins(deps.sql)).map(view);
      const builtin = (await builtinPlugins()).map((pkg) => ({
        name: pkg.name,
        version: pkg.version,
        sha256: pkg.sha256,
        builtin: true,
        createdAt: null,
      }));
      return { plugins: [...registered, ...builtin] };
    },
  );
}

function view(plugin: {
  name: string;
  version: string;
  sha256: string;
  sizeBytes: number;
  createdAt: Date;
}) {
  return {
    name: plugin.name,
    version: plugin.version,
    sha256: plugin.sha256,
    size: plugin.sizeBytes,
    builtin: false,
    createdAt: plugin.createdAt.toISOString(),
  };
}

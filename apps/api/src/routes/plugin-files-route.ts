import { findPluginByHash } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { pluginStorageKey, type PluginFileIndex } from '@ecg-render/jobs';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { problems } from './schemas.js';

/** An index lists at most 200 files; anything near this is not one of ours. */
const MAX_INDEX_BYTES = 1024 * 1024;

const TYPES: Record<string, string> = {
  mjs: 'text/javascript; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
};

function notFound(sha256: string, path: string): EcgError {
  return new EcgError('NOT_FOUND', `No file ${path} in a registered plugin package ${sha256}`, {
    details: { sha256, path },
  });
}

/**
 * GET /api/plugins/files/{sha256}/{path}: one file of a registry plugin package, addressed by the
 * content hash GET /api/plugins lists. The web studio's preview imports plugin modules from here,
 * so it draws a scenario with the very package the workers will fetch (packages/jobs
 * fetchPluginPackages). Only paths in the package's stored file index are served; the content
 * never changes for a hash, so responses may be cached for good.
 */
export function pluginFilesRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/plugins/files/:sha256/*',
    {
      schema: {
        summary: 'A file of a registered plugin package (for browsers: the studio preview)',
        description:
          'Needs no API key: content-addressed and immutable, and browsers import modules without headers.',
        security: [],
        tags: ['plugins'],
        params: {
          type: 'object',
          properties: {
            sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            '*': { type: 'string', minLength: 1, maxLength: 500 },
          },
          required: ['sha256', '*'],
        },
        response: {
          200: { description: 'The file', content: { '*/*': { schema: { type: 'string' } } } },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { sha256, '*': path } = request.params as { sha256: string; '*': string };
      const plugin = await findPluginByHash(deps.sql, sha256);
      if (plugin === null) throw notFound(sha256, path);
      const indexObject = await deps.storage.getStream(plugin.storageKey);
      if (indexObject.size > MAX_INDEX_BYTES) {
        indexObject.stream.destroy();
        throw notFound(sha256, path);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of indexObject.stream) chunks.push(chunk as Buffer);
      const index = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PluginFileIndex;
      // The index is the allow-list: no path from the URL reaches storage unless it is listed.
      if (!Array.isArray(index.files) || !index.files.some((file) => file.path === path)) {
        throw notFound(sha256, path);
      }
      const object = await deps.storage.getStream(
        pluginStorageKey({ name: plugin.name, version: plugin.version, sha256, path }),
      );
      const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
      reply.header('content-type', TYPES[extension] ?? 'application/octet-stream');
      reply.header('content-length', object.size);
      reply.header('cache-control', 'private, max-age=31536000, immutable');
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(object.stream);
    },
  );
}

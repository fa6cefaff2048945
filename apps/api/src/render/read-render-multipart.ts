import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EcgError } from '@ecg-render/errors';
import type { FastifyRequest } from 'fastify';
import { saveStreamToFile } from '../http/save-stream-to-file.js';

export interface RenderMultipart {
  /** Text fields and small files (scenario, options, subtitles), by field name. */
  texts: Map<string, { text: string; filename: string | null }>;
  video: { path: string; size: number; sha256: string; filename: string | null } | null;
  /** Removes the temp file; safe to call twice. */
  cleanup(): Promise<void>;
}

const TEXT_FIELDS = new Set([
  'scenario',
  'subtitles',
  'preset',
  'options',
  'webhookUrl',
  'videoUrl',
]);

/**
 * Reads a multipart render request: `video` streams to a temp file under `tmpDir` (capped at
 * `maxUploadBytes`: PAYLOAD_TOO_LARGE), the other fields are small texts (capped at
 * `maxTextBytes`). Unknown or repeated fields are INVALID_REQUEST. On any failure the temp file
 * is already gone when this throws.
 */
export async function readRenderMultipart(
  request: FastifyRequest,
  options: {
    tmpDir: string;
    maxUploadBytes: number;
    maxTextBytes: number;
    /**
     * Runs with the fields sent before the video, before its bytes are read: a client that sends
     * the scenario first learns it is invalid without uploading gigabytes first.
     */
    beforeVideo?: (texts: RenderMultipart['texts']) => Promise<void>;
  },
): Promise<RenderMultipart> {
  const texts = new Map<string, { text: string; filename: string | null }>();
  let video: RenderMultipart['video'] = null;
  let tempPath: string | null = null;
  const cleanup = async (): Promise<void> => {
    if (tempPath !== null) await rm(tempPath, { force: true });
  };
  const tooLarge = (field: string, max: number): EcgError =>
    new EcgError('PAYLOAD_TOO_LARGE', `${field}: more than ${max} bytes`, {
      details: { field, max, limit: field === 'video' ? 'maxUploadBytes' : 'maxScenarioBytes' },
    });
  try {
    for await (const part of request.parts()) {
      const name = part.fieldname;
      if (name !== 'video' && !TEXT_FIELDS.has(name)) {
        throw new EcgError('INVALID_REQUEST', `Unknown multipart field ${JSON.stringify(name)}`, {
          details: { field: name },
        });
      }
      if ((name === 'video' && video !== null) || texts.has(name)) {
        throw new EcgError('INVALID_REQUEST', `Field ${name} was sent twice`, {
          details: { field: name },
        });
      }
      if (part.type === 'file') {
        if (name === 'video') {
          await options.beforeVideo?.(texts);
          await mkdir(options.tmpDir, { recursive: true });
          tempPath = join(options.tmpDir, `${randomUUID()}.upload`);
          const saved = await saveStreamToFile({
            source: part.file,
            path: tempPath,
            maxBytes: options.maxUploadBytes,
            onLimit: () => tooLarge('video', options.maxUploadBytes),
          });
          // Busboy stops at its own fileSize limit and marks the stream truncated instead of failing.
          if (part.file.truncated) throw tooLarge('video', options.maxUploadBytes);
          video = { path: tempPath, ...saved, filename: part.filename || null };
        } else {
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const chunk of part.file as AsyncIterable<Buffer>) {
            size += chunk.length;
            if (size > options.maxTextBytes) throw tooLarge(name, options.maxTextBytes);
            chunks.push(chunk);
          }
          texts.set(name, {
            text: Buffer.concat(chunks).toString('utf8'),
            filename: part.filename || null,
          });
        }
      } else {
        if (name === 'video')
          throw new EcgError('INVALID_REQUEST', 'video must be a file part', {
            details: { field: name },
          });
        if (part.valueTruncated) throw tooLarge(name, options.maxTextBytes);
        texts.set(name, { text: String(part.value), filename: null });
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { texts, video, cleanup };
}

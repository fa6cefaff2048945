import { describe, expect, it } from 'vitest';
import { isEcgError } from '@ecg-render/errors';
import { assetOrigin, fontAssetSources } from './font-assets.js';
import type { Scenario } from './types.js';

const WOFF2 = 'data:font/woff2;base64,d09GMgABAAAAAA==';
const withDefine = (define: Record<string, unknown>) =>
  ({
    version: '2.0',
    timebase: { unit: 'seconds' },
    tracks: [],
    cues: [],
    define,
  }) as unknown as Scenario;

function failure(define: Record<string, unknown>, files = false) {
  try {
    fontAssetSources(withDefine(define), { files });
  } catch (error) {
    if (isEcgError(error)) return { code: error.code, path: error.details['path'] };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('assetOrigin', () => {
  it.each([
    ['data:font/ttf;base64,AAAA', 'embedded'],
    ['DATA:font/ttf;base64,AAAA', 'embedded'],
    ['https://cdn.example.com/brand.woff2', 'remote'],
    ['http://cdn.example.com/brand.woff2', 'remote'],
    ['file:///etc/passwd', 'remote'],
    ['blob:https://x/1', 'remote'],
    ['assets/brand.woff2', 'file'],
    ['brand.ttf', 'file'],
    ['./fonts/brand.otf', 'file'],
  ] as const)('%s is %s', (source, origin) => {
    expect(assetOrigin(source)).toBe(origin);
  });
});

describe('fontAssetSources', () => {
  it('returns embedded fonts as they are and files by path, skipping other assets', () => {
    const define = {
      brand: { type: 'font', family: 'Brand', src: WOFF2 },
      serif: { type: 'font', family: 'Brand Serif', url: 'assets/serif.ttf' },
      logo: { type: 'image', src: 'https://cdn.example.com/logo.png' },
      box: { backgroundColor: '#000' },
    };
    expect(fontAssetSources(withDefine(define), { files: true })).toEqual([
      { key: 'brand', family: 'Brand', origin: 'embedded', url: WOFF2 },
      { key: 'serif', family: 'Brand Serif', origin: 'file', path: 'assets/serif.ttf' },
    ]);
  });

  it.each([
    'data:font/ttf;base64,AAEAAA==',
    'data:font/otf;base64,T1RUTw==',
    'data:application/font-woff;base64,d09GRg==',
    'data:application/x-font-ttf;base64,AAEAAA==',
    'data:application/vnd.ms-opentype;base64,T1RUTw==',
    'data:application/octet-stream;base64,AAEAAA==',
    'data:font/woff2;charset=binary;base64,d09GMg==',
  ])('accepts the embedded font %s', (src) => {
    expect(
      fontAssetSources(withDefine({ f: { type: 'font', family: 'F', src } }), { files: false }),
    ).toHaveLength(1);
  });

  it.each([
    ['a remote font', 'https://fonts.example.com/brand.woff2', 'ASSET_NOT_ALLOWED'],
    ['a file URL', 'file:///usr/share/fonts/brand.ttf', 'ASSET_NOT_ALLOWED'],
    ['a data URI that is not base64', 'data:font/woff2,plain-text', 'ASSET_NOT_ALLOWED'],
    ['a data URI that is not a font', 'data:text/html;base64,PGgxPg==', 'ASSET_NOT_ALLOWED'],
    ['a data URI with stray characters', 'data:font/ttf;base64,AAEA"AA==', 'ASSET_NOT_ALLOWED'],
    ['a file, where there is no folder', 'assets/brand.ttf', 'ASSET_NOT_FOUND'],
  ])('refuses %s with its JSON path', (_, src, code) => {
    expect(failure({ brand: { type: 'font', family: 'Brand', src } })).toEqual({
      code,
      path: '$.define.brand',
    });
  });

  it('refuses a remote font even without a family, and passes over a file font without one', () => {
    expect(failure({ f: { type: 'font', src: 'https://x.example/f.woff2' } }).code).toBe(
      'ASSET_NOT_ALLOWED',
    );
    expect(
      fontAssetSources(withDefine({ f: { type: 'font', src: 'f.ttf' } }), { files: true }),
    ).toEqual([]);
  });
});

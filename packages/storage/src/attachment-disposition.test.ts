import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './attachment-disposition.js';

describe('attachmentDisposition', () => {
  it.each([
    ['video.mp4', `attachment; filename="video.mp4"; filename*=UTF-8''video.mp4`],
    ['my "clip".mp4', `attachment; filename="my _clip_.mp4"; filename*=UTF-8''my%20%22clip%22.mp4`],
    ['자막.mp4', `attachment; filename="__.mp4"; filename*=UTF-8''%EC%9E%90%EB%A7%89.mp4`],
    ["it's (1).mp4", `attachment; filename="it's (1).mp4"; filename*=UTF-8''it%27s%20%281%29.mp4`],
  ])('%j', (name, expected) => {
    expect(attachmentDisposition(name)).toBe(expected);
  });
});

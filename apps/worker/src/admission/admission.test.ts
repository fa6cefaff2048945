import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission.js';
import { estimateGpuMemoryBytes } from './estimate-gpu-memory-bytes.js';

const cpu = { nvenc: false, gpuMemoryBytes: 0 };
const GIB = 1024 ** 3;

describe('createAdmission', () => {
  it('keeps renders within MAX_CONCURRENT_JOBS, in arrival order', async () => {
    const admission = createAdmission({ maxJobs: 2, nvencSessions: 0, gpuMemoryBytes: null });
    const a = await admission.acquire(cpu);
    const b = await admission.acquire(cpu);
    expect(admission.tryAcquire(cpu)).toBeNull();
    const order: string[] = [];
    const c = admission.acquire(cpu).then((release) => (order.push('c'), release));
    const d = admission.acquire(cpu).then((release) => (order.push('d'), release));
    a();
    a(); // releasing twice gives back one slot only
    await c;
    expect(admission.usage().jobs).toBe(2);
    b();
    await d;
    expect(order).toEqual(['c', 'd']);
  });

  it('limits NVENC sessions and GPU memory, and says when a render can never fit', async () => {
    const nvenc = { nvenc: true, gpuMemoryBytes: 3 * GIB };
    const admission = createAdmission({ maxJobs: 8, nvencSessions: 2, gpuMemoryBytes: 8 * GIB });
    const first = admission.tryAcquire(nvenc);
    const second = admission.tryAcquire(nvenc);
    expect(first && second).toBeTruthy();
    // Two sessions in use (and 6 of 8 GiB): a third NVENC render waits, CPU ones do not.
    expect(admission.tryAcquire(nvenc)).toBeNull();
    expect(admission.tryAcquire(cpu)).not.toBeNull();
    expect(admission.fits({ nvenc: true, gpuMemoryBytes: 9 * GIB })).toBe(false);
    await expect(admission.acquire({ nvenc: true, gpuMemoryBytes: 9 * GIB })).rejects.toMatchObject(
      {
        code: 'GPU_MEMORY_INSUFFICIENT',
      },
    );
    expect(
      createAdmission({ maxJobs: 1, nvencSessions: 0, gpuMemoryBytes: null }).fits(nvenc),
    ).toBe(false);
    const controller = new AbortController();
    const waiting = admission.acquire(nvenc, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('estimates NVENC memory by output size', () => {
    expect(estimateGpuMemoryBytes({ width: 1920, height: 1080, nvenc: false })).toBe(0);
    const hd = estimateGpuMemoryBytes({ width: 1920, height: 1080, nvenc: true });
    expect(hd / 1024 ** 2).toBeGreaterThan(200);
    expect(hd / 1024 ** 2).toBeLessThan(300);
  });
});

describe('acquireRenderSlot', () => {
  const works = { listed: true, works: true };
  const broken = { listed: true, works: false, error: 'no NVENC on this GPU' };
  const gpuBox = {
    encoders: { libx264: works, libx265: works, h264_nvenc: works, hevc_nvenc: works },
  };
  const cpuBox = {
    encoders: { libx264: works, libx265: works, h264_nvenc: broken, hevc_nvenc: broken },
  };

  it('auto takes NVENC while sessions are free, then falls back to libx264', async () => {
    const { acquireRenderSlot } = await import('./acquire-render-slot.js');
    const admission = createAdmission({ maxJobs: 4, nvencSessions: 1, gpuMemoryBytes: 8 * GIB });
    const base = {
      admission,
      requested: 'auto' as const,
      capabilities: gpuBox,
      nvencSessions: 1,
      width: 1920,
      height: 1080,
    };
    const first = await acquireRenderSlot(base);
    const second = await acquireRenderSlot(base);
    expect([first.encoder, second.encoder]).toEqual(['h264_nvenc', 'libx264']);
    expect(second.reason).toContain('no NVENC session');
    first.release();
    expect((await acquireRenderSlot(base)).encoder).toBe('h264_nvenc');
    expect((await acquireRenderSlot({ ...base, capabilities: cpuBox })).encoder).toBe('libx264');
  });

  it('refuses an explicit encoder it cannot run, retryable only if another worker can', async () => {
    const { acquireRenderSlot } = await import('./acquire-render-slot.js');
    const admission = createAdmission({ maxJobs: 4, nvencSessions: 8, gpuMemoryBytes: 1 * GIB });
    const base = {
      admission,
      requested: 'h264_nvenc' as const,
      nvencSessions: 8,
      width: 1920,
      height: 1080,
    };
    await expect(acquireRenderSlot({ ...base, capabilities: cpuBox })).rejects.toMatchObject({
      code: 'ENCODER_UNAVAILABLE',
      retryable: false,
    });
    await expect(
      acquireRenderSlot({ ...base, capabilities: cpuBox, elsewhere: () => Promise.resolve(true) }),
    ).rejects.toMatchObject({ code: 'ENCODER_UNAVAILABLE', retryable: true });
    await expect(
      acquireRenderSlot({ ...base, capabilities: gpuBox, width: 7680, height: 4320 }),
    ).rejects.toMatchObject({ code: 'GPU_MEMORY_INSUFFICIENT', retryable: false });
  });
});

interface EncoderReport {
  listed?: boolean;
  works?: boolean;
  error?: string;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * What a worker's capability report (GET /api/workers: packages/ffmpeg detectCapabilities plus
 * the worker's render metrics) says, in words. Tolerates missing fields: workers of other
 * versions report less.
 */
export function describeCapabilities(capabilities: Record<string, unknown>): {
  gpu: string;
  encoders: string[];
  cuda: string;
  speed: string | null;
} {
  const gpu = record(capabilities['gpu']);
  const encoders = Object.entries(record(capabilities['encoders']))
    .filter(([, report]) => (report as EncoderReport).works === true)
    .map(([name]) => name);
  const cuda = record(capabilities['cuda']);
  const filters = Object.entries(record(cuda['filters']))
    .filter(([, ok]) => ok === true)
    .map(([name]) => name);
  const metrics = record(capabilities['metrics']);
  const fps = metrics['renderFps'];
  return {
    gpu:
      gpu['present'] === true
        ? `${typeof gpu['name'] === 'string' ? gpu['name'] : 'GPU'}${typeof gpu['memoryMiB'] === 'number' ? `, ${gpu['memoryMiB']} MiB` : ''}`
        : 'none',
    encoders,
    cuda:
      cuda['decode'] === true || filters.length > 0
        ? [cuda['decode'] === true ? 'decode' : null, ...filters].filter(Boolean).join(', ')
        : typeof cuda['error'] === 'string'
          ? `no (${cuda['error']})`
          : 'no',
    speed: typeof fps === 'number' ? `${fps.toFixed(1)} fps` : null,
  };
}

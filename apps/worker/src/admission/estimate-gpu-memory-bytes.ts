const MIB = 1024 * 1024;

/**
 * A conservative guess at the GPU memory one NVENC render holds: the encoder session's fixed cost
 * (~150 MiB on current drivers) plus its surface pool (about 32 NV12 frames of the output size:
 * lookahead, B-frames, reference frames). 1080p comes to ~250 MiB, 4K to ~550 MiB. CPU renders
 * hold none. Only used to keep the sum of admitted renders within MAX_GPU_MEMORY.
 */
export function estimateGpuMemoryBytes(input: {
  width: number;
  height: number;
  nvenc: boolean;
}): number {
  if (!input.nvenc) return 0;
  const frame = input.width * input.height * 1.5;
  return Math.ceil(150 * MIB + 32 * frame);
}

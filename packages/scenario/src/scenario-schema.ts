import { z } from 'zod';

/**
 * The structure motiontext-renderer 1.5.0 needs to render a scenario, checked after define
 * references are resolved. Unknown fields pass through (the format is extensible and the engine
 * ignores what it does not know); what the engine relies on is checked strictly.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const timeRange = z
  .tuple([finite, finite])
  .refine(([start, end]) => start <= end, 'start must not be after end');
// The spec allows "50%" display times relative to the parent; the engine ignores them (see
// normalize-scenario's NODE_NEVER_SHOWN warning), so they are accepted here.
const displayTime = z
  .tuple([z.union([finite, z.string()]), z.union([finite, z.string()])])
  .refine(
    ([start, end]) => typeof start !== 'number' || typeof end !== 'number' || start <= end,
    'start must not be after end',
  );
const offsetBound = z.union([
  finite,
  z.string().regex(/^\s*-?\d+(\.\d+)?%?\s*$/, 'must be seconds or a percentage like "50%"'),
]);

const pluginSpec = z.looseObject({
  name: z.string().min(1),
  baseTime: timeRange.optional(),
  timeOffset: z.tuple([offsetBound, offsetBound]).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  compose: z.enum(['replace', 'add', 'multiply']).optional(),
  type: z.enum(['channel', 'dom', 'hybrid']).optional(),
});

const position = z.looseObject({
  x: z.union([finite, z.string()]),
  y: z.union([finite, z.string()]),
});

const layout = z.looseObject({
  position: position.optional(),
  anchor: z.enum(['tl', 'tc', 'tr', 'cl', 'cc', 'cr', 'bl', 'bc', 'br']).optional(),
});

const baseNode = {
  id: z.string().min(1, 'node id is required'),
  displayTime: displayTime.optional(),
  baseTime: timeRange.optional(),
  layout: layout.optional(),
  style: z.record(z.string(), z.unknown()).optional(),
  pluginChain: z.array(pluginSpec).optional(),
};

export type NodeShape = { eType: string; children?: NodeShape[] } & Record<string, unknown>;

export const nodeSchema: z.ZodType<NodeShape> = z.lazy(() =>
  z.discriminatedUnion('eType', [
    z.looseObject({
      ...baseNode,
      eType: z.literal('group'),
      children: z.array(nodeSchema).optional(),
    }),
    z.looseObject({ ...baseNode, eType: z.literal('text'), text: z.string() }),
    z.looseObject({ ...baseNode, eType: z.literal('image'), src: z.string().min(1) }),
    z.looseObject({ ...baseNode, eType: z.literal('video'), src: z.string().min(1) }),
  ]),
);

export const scenarioSchema = z.looseObject({
  version: z.literal('2.0'),
  pluginApiVersion: z.string().optional(),
  timebase: z.looseObject({ unit: z.literal('seconds'), fps: z.number().positive().optional() }),
  stage: z.looseObject({ baseAspect: z.enum(['16:9', '9:16', 'auto']) }),
  define: z.record(z.string(), z.unknown()).optional(),
  tracks: z.array(
    z.looseObject({
      id: z.string().min(1),
      type: z.enum(['subtitle', 'free']),
      layer: finite,
    }),
  ),
  cues: z.array(
    z.looseObject({
      id: z.string().min(1, 'cue id is required'),
      track: z.string().min(1),
      domLifetime: timeRange.optional(),
      root: nodeSchema,
    }),
  ),
});

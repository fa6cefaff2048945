import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sumBy } from './parse-prometheus-text.js';

const TEXT = `# HELP ecg_render_jobs Jobs by state.
# TYPE ecg_render_jobs gauge
ecg_render_jobs{state="queued"} 2
ecg_render_jobs{state="failed"} 3
ecg_render_queue_jobs{queue="render",state="waiting"} 2
ecg_render_queue_jobs{queue="render-segment",state="waiting"} 1
ecg_render_job_failures{code="RENDER_TIMEOUT"} 2
ecg_render_job_failures{code="INVALID_SCENARIO"} 1
ecg_render_http_request_duration_seconds_bucket{le="+Inf",route="/a \\"b\\""} 7
process_start_time_seconds 1.7e9
`;

describe('parsePrometheusText', () => {
  it('reads samples with labels (escaped quotes too) and skips comments', () => {
    const samples = parsePrometheusText(TEXT);
    expect(samples).toHaveLength(8);
    expect(samples[6]).toEqual({
      name: 'ecg_render_http_request_duration_seconds_bucket',
      labels: { le: '+Inf', route: '/a "b"' },
      value: 7,
    });
    expect(samples[7]!.value).toBe(1.7e9);
  });

  it('sums by a label: jobs by state, queue depth, failures by code', () => {
    const samples = parsePrometheusText(TEXT);
    expect(sumBy(samples, 'ecg_render_jobs', 'state')).toEqual({ queued: 2, failed: 3 });
    expect(sumBy(samples, 'ecg_render_queue_jobs', 'state')).toEqual({ waiting: 3 });
    expect(sumBy(samples, 'ecg_render_job_failures', 'code')).toEqual({
      RENDER_TIMEOUT: 2,
      INVALID_SCENARIO: 1,
    });
  });
});

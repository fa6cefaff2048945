/**
 * A numeric quality (0–100, higher is better, as the ECG backend's render options declare it) as
 * one of our named presets (QUALITY_PRESETS; written out here so this file need not import the
 * options schema that uses it): [0, 40) low, [40, 70) medium, [70, 90) high, [90, 100] ultra.
 * The bands follow the usual reading of such scores (75–85 "good", 90+ "near-transparent"); a
 * score never selects `lossless` (crf 0 makes files many times larger), which must be named.
 */
export function qualityForScore(score: number): 'low' | 'medium' | 'high' | 'ultra' {
  if (score >= 90) return 'ultra';
  if (score >= 70) return 'high';
  if (score >= 40) return 'medium';
  return 'low';
}

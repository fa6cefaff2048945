/** One problem or note about the captions, where it is (JSON path, or line and column). */
export interface CaptionIssue {
  severity: 'error' | 'warning';
  /** Stable code: INVALID_SCENARIO, ARRAY_POSITION, INVALID_SUBTITLES, overlap, … */
  code: string;
  /** JSON path in the scenario (`$.cues[0].root.children[1]`), when the issue has one. */
  path: string | null;
  line?: number;
  column?: number;
  message: string;
}

import type { CaptionIssue } from '../captions/caption-issue.js';

function where(issue: CaptionIssue): string | null {
  const parts: string[] = [];
  if (issue.path) parts.push(issue.path);
  if (issue.line !== undefined)
    parts.push(`line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ''}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * Errors and warnings about the captions, each with its code and where it is (JSON path, or line
 * and column). Errors are in an alert region so a screen reader hears them when they appear.
 */
export function CaptionIssues(props: { issues: CaptionIssue[]; title?: string }) {
  const errors = props.issues.filter((issue) => issue.severity === 'error');
  const warnings = props.issues.filter((issue) => issue.severity === 'warning');
  return (
    <div className="issues">
      <div role="alert" aria-atomic="true">
        {errors.length > 0 && (
          <ul
            className="issue-list"
            aria-label={props.title ?? 'Caption errors'}
            data-testid="caption-errors"
          >
            {errors.map((issue, i) => (
              <IssueItem key={i} issue={issue} />
            ))}
          </ul>
        )}
      </div>
      {warnings.length > 0 && (
        <details className="warnings" open={warnings.length <= 3}>
          <summary>
            {warnings.length} warning{warnings.length === 1 ? '' : 's'}
          </summary>
          <ul className="issue-list" aria-label="Caption warnings" data-testid="caption-warnings">
            {warnings.map((issue, i) => (
              <IssueItem key={i} issue={issue} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function IssueItem({ issue }: { issue: CaptionIssue }) {
  const at = where(issue);
  return (
    <li className={`issue issue-${issue.severity}`}>
      <span className="issue-code">{issue.code}</span>
      {at && (
        <>
          {' '}
          at <code className="issue-path">{at}</code>
        </>
      )}
      <div className="issue-message">{issue.message}</div>
    </li>
  );
}

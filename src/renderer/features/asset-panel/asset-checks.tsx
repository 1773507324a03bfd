// The asset's dbt tests with their last results (live events first, then stored history).
import type { AssetCheck } from '../../../shared/assets';
import type { CheckResult } from '../../../shared/runs';
import { selectCheckResults, useRunsStore } from '../../stores/runs-store';

/** history.checks is newest first (the engine's order), so the first result per check is the last one. */
export function lastResults(history: readonly CheckResult[]): Map<string, CheckResult> {
  const last = new Map<string, CheckResult>();
  for (const result of history) if (!last.has(result.checkId)) last.set(result.checkId, result);
  return last;
}

export function AssetChecks({
  checks,
  history,
}: {
  checks: AssetCheck[];
  history: readonly CheckResult[];
}) {
  const live = useRunsStore(selectCheckResults);
  if (checks.length === 0) return <p className="muted">No checks (dbt tests).</p>;
  const stored = lastResults(history);
  return (
    <ul className="checks" aria-label="Checks">
      {checks.map((check) => {
        const result = live[check.id] ?? stored.get(check.id);
        return (
          <li key={check.id}>
            <span className="check-status" data-status={result?.status ?? 'none'}>
              {result?.status ?? 'not run'}
            </span>{' '}
            {check.testName ?? check.name}
            {check.columnName ? <code> {check.columnName}</code> : null}
            {result?.failures ? (
              <span className="muted"> · {result.failures} failing rows</span>
            ) : null}
            {result?.message && result.status !== 'pass' ? (
              <div className="muted check-message">{result.message}</div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

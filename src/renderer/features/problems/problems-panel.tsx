// Config, manifest and dbt-discovery errors, with where they are and the Parse project fix.
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { apiErrorMessage } from '../../../shared/api/api-error';
import type { Problem } from '../../../shared/problems';
import { selectProblems, useProjectStore } from '../../stores/project-store';
import { applySnapshot } from '../../bridge';

function location(problem: Problem): string | null {
  if (problem.file === undefined) return null;
  if (problem.line === undefined) return problem.file;
  return `${problem.file}:${problem.line}:${problem.column ?? 1}`;
}

export function ProblemsPanel() {
  const api = useApi();
  const problems = useProjectStore(selectProblems);
  const [parsing, setParsing] = useState(false);
  const [output, setOutput] = useState<string | null>(null);
  const canParse = problems.some((problem) => problem.fix === 'parse');

  const parse = async (): Promise<void> => {
    setParsing(true);
    setOutput(null);
    try {
      const result = await api.request('project.parse', {});
      if (!result.ok) setOutput(result.output);
      else applySnapshot(await api.request('project.reload', {}));
    } catch (error) {
      setOutput(apiErrorMessage(error));
    } finally {
      setParsing(false);
    }
  };

  return (
    <section aria-label="Problems" className="problems-panel">
      {problems.length === 0 ? <p className="empty">No problems.</p> : null}
      <ul className="problems">
        {problems.map((problem, i) => (
          <li key={i} className="problem" data-severity={problem.severity}>
            <span className="problem__severity">{problem.severity}</span>
            <span className="problem__source">{problem.source}</span>
            {location(problem) ? <code className="problem__where">{location(problem)}</code> : null}
            <span className="problem__message">{problem.message}</span>
            {problem.keyPath ? <code className="problem__key">{problem.keyPath}</code> : null}
          </li>
        ))}
      </ul>
      {canParse ? (
        <button type="button" disabled={parsing} onClick={() => void parse()}>
          Parse project
        </button>
      ) : null}
      {parsing ? <span className="muted"> running dbt parse…</span> : null}
      {output ? <pre className="problems__output">{output}</pre> : null}
    </section>
  );
}

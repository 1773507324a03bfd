// Placeholder until the trace timeline lands (one bar per model inside a run).
export function TracesPanel() {
  return (
    <section aria-label="Traces" className="placeholder-panel">
      <p className="muted">The trace timeline of your runs will appear here.</p>
    </section>
  );
}

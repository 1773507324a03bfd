// Placeholder until the lineage view lands (datasets, jobs, classification badges).
export function LineagePanel() {
  return (
    <section aria-label="Lineage" className="placeholder-panel">
      <p className="muted">OpenLineage events of your runs will appear here.</p>
    </section>
  );
}

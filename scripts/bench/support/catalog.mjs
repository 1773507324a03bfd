// The benches scripts/bench.mjs runs, in order. Benches of ours end with a `BENCH_RESULT {json}` line;
// for the three older ones (manifest-graph, lineage, telemetry) the summary rows are read from their
// printed output here, so those files stay as their authors wrote them.

const num = (text) => (text === undefined ? NaN : Number(text));

function parseManifestGraph(output) {
  const rows = [];
  const largest =
    /largest (?:readable )?fixture (\S+): (\d+) models.*?manifest → graph ([\d.]+) ms/.exec(output);
  if (largest)
    rows.push({
      figure: `manifest → graph, largest readable fixture (${largest[2]} models)`,
      goal: '',
      measured: `${largest[3]} ms`,
      met: null,
    });
  const generated =
    /generated (\d+)-model manifest: .*?manifest → graph ([\d.]+) ms \(median of \d+: [^;]*; CPU (?:of both threads )?([\d.]+) ms\); without pruning: .*? = ([\d.]+) ms; .*?unchanged manifest reopened ([\d.]+) ms/.exec(
      output,
    );
  if (generated) {
    const total = num(generated[2]);
    rows.push({
      figure: `manifest → graph, generated ${generated[1]} models (read, prune, parse, build; two threads)`,
      goal: '< 500 ms',
      measured: `${total} ms (CPU ${num(generated[3]).toFixed(0)} ms; whole-file JSON.parse + build ${generated[4]} ms)`,
      met: total < 500,
    });
    rows.push({
      figure: `manifest → graph, generated ${generated[1]} models, unchanged manifest reopened (graph cache)`,
      goal: '',
      measured: `${generated[5]} ms`,
      met: null,
    });
  }
  return rows;
}

function parseLineage(output) {
  const rows = [];
  const dbtLike = /dbtLike\s+enqueue→endpoint p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(output);
  if (dbtLike) {
    rows.push({
      figure: 'lineage: node event → endpoint, p50 (dbt-like pace)',
      goal: '',
      measured: `${dbtLike[1]} ms`,
      met: null,
    });
    rows.push({
      figure: 'lineage: node event → endpoint, p99 (dbt-like pace)',
      goal: '< 100 ms',
      measured: `${dbtLike[2]} ms`,
      met: num(dbtLike[2]) < 100,
    });
  }
  const stress = /stress1ms\s+enqueue→endpoint p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(output);
  if (stress)
    rows.push({
      figure: 'lineage: node event → endpoint, p99 (1 event/ms stress)',
      goal: '< 100 ms',
      measured: `${stress[2]} ms`,
      met: num(stress[2]) < 100,
    });
  const bound = /run-time ratio bound[^:]*: ([\d.]+)/.exec(output);
  if (bound)
    rows.push({
      figure: 'lineage: CPU-based run-time ratio bound (200 ms/model)',
      goal: '≤ 1.02',
      measured: bound[1],
      met: num(bound[1]) <= 1.02,
    });
  return rows;
}

function parseTelemetry(output) {
  const line = output.split('\n').find((l) => l.startsWith('{"bench":"telemetry"'));
  if (line === undefined) return [];
  const parsed = JSON.parse(line);
  return parsed.results.map((r) => ({
    figure: `telemetry observer per node, ${r.label} (${parsed.nodes} nodes)`,
    goal: '',
    measured: `${r.perNodeUs.toFixed(0)} µs wall, ${r.perNodeCpuUs.toFixed(0)} µs CPU`,
    met: null,
  }));
}

/** name, file under scripts/bench, title, timeoutS (hard kill), args, parse (older benches only). */
export const BENCHES = [
  {
    name: 'compile',
    file: 'compile.mjs',
    title: 'floe compile, whole process (issue 2)',
    timeoutS: 240,
  },
  {
    name: 'manifest-graph',
    file: 'manifest-graph.mjs',
    title: 'manifest.json → asset graph (issue 3)',
    timeoutS: 300,
    parse: parseManifestGraph,
  },
  {
    name: 'run-vs-dbt',
    file: 'run-vs-dbt.mjs',
    title: 'floe run vs bare dbt build (issue 3)',
    timeoutS: 420,
  },
  {
    name: 'run-observability',
    file: 'run-observability.mjs',
    title: 'floe run with lineage / traces on vs off (issues 5, 6)',
    timeoutS: 420,
  },
  {
    name: 'status-latency',
    file: 'status-latency.mjs',
    title: 'dbt node event → RunEngine subscriber (issue 3)',
    timeoutS: 360,
  },
  {
    name: 'lineage',
    file: 'lineage.mjs',
    title: 'OpenLineage delivery delay and observer cost (issue 5)',
    timeoutS: 300,
    parse: parseLineage,
  },
  {
    name: 'telemetry',
    file: 'telemetry.mjs',
    title: 'telemetry observer cost (issue 6)',
    timeoutS: 300,
    parse: parseTelemetry,
  },
  {
    name: 'graph-open',
    file: 'graph-open.mjs',
    title: '5,000-model graph in Chromium (issue 4)',
    timeoutS: 360,
  },
  {
    name: 'live-update',
    file: 'live-update.mjs',
    title: 'file write → studio DOM: floe.yaml, model SQL, manifest (issue 4)',
    timeoutS: 420,
  },
  {
    name: 'log-throughput',
    file: 'log-throughput.mjs',
    title: '200,000 log lines into the Logs panel (issue 4)',
    timeoutS: 360,
  },
  {
    name: 'timeline',
    file: 'timeline.mjs',
    title: 'trace timeline of 2,000 assets (issue 6)',
    timeoutS: 300,
  },
];

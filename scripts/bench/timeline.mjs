#!/usr/bin/env node
// Bench `timeline` (issue 6): render of the Traces tab's timeline for a run of 2,000 assets (goal
// < 500 ms, smooth scrolling). Not measured while the Traces panel is still the placeholder; then it
// says so and exits 0. To measure it, the panel needs a readiness attribute to wait on (e.g.
// data-ready="true" on the Traces section once a run's bars are painted), like the graph's data-layout.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { emitResult } from './support/stats.mjs';
import { repoRoot } from './support/ts-module.mjs';

const dir = join(repoRoot, 'src', 'renderer', 'features', 'traces');
const sources = readdirSync(dir)
  .filter((name) => name.endsWith('.tsx') && !name.endsWith('.test.tsx'))
  .map((name) => readFileSync(join(dir, name), 'utf8'));
const placeholder = sources.length <= 1 && sources.every((text) => /placeholder/i.test(text));
const reason = placeholder
  ? 'Traces timeline not built yet'
  : 'the Traces timeline exists but exposes no readiness attribute this bench knows how to wait on';
console.log(`not measured: ${reason}`);
emitResult('timeline', [
  {
    figure: 'timeline render, run of 2,000 assets',
    goal: '< 500 ms',
    measured: `not measured (${reason})`,
    met: null,
  },
]);

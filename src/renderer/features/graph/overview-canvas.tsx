// Zoomed out on a large graph, thousands of DOM nodes cost seconds per frame, so React Flow gets no
// nodes and this canvas draws them all (status colours, edges, selection) in a few milliseconds.
// Panning and zooming stay React Flow's (the pane still handles them); clicks and Shift-drag boxes are
// hit-tested here against the layout.
import { useEffect, useRef } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useProjectStore } from '../../stores/project-store';
import { useRunsStore } from '../../stores/runs-store';
import { displayStatus, NODE_STATUSES, type NodeStatus } from '../../stores/display-status';
import type { LayoutResult } from './layout';
import { NODE_HEIGHT, NODE_WIDTH } from './flow-elements';
import type { Transform } from './overview-geometry';

function statusColors(element: Element): Record<NodeStatus, string> {
  const style = getComputedStyle(element);
  const colors = {} as Record<NodeStatus, string>;
  for (const status of NODE_STATUSES) {
    colors[status] = style.getPropertyValue(`--status-${status}`).trim() || '#888';
  }
  return colors;
}

interface DrawInput {
  layout: LayoutResult;
  edges: readonly [string, string][];
  selected: ReadonlySet<string>;
  transform: Transform;
  width: number;
  height: number;
}

function draw(canvas: HTMLCanvasElement, input: DrawInput): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(input.width * ratio))
    canvas.width = Math.round(input.width * ratio);
  if (canvas.height !== Math.round(input.height * ratio))
    canvas.height = Math.round(input.height * ratio);
  const [tx, ty, zoom] = input.transform;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, input.width, input.height);
  context.translate(tx, ty);
  context.scale(zoom, zoom);
  // Visible flow-space window, to skip what is off screen.
  const left = -tx / zoom - NODE_WIDTH;
  const top = -ty / zoom - NODE_HEIGHT;
  const right = (input.width - tx) / zoom;
  const bottom = (input.height - ty) / zoom;
  const { positions } = input.layout;
  const style = getComputedStyle(canvas);
  context.lineWidth = 1 / zoom;
  context.strokeStyle = style.getPropertyValue('--edge').trim() || '#999';
  context.beginPath();
  for (const [from, to] of input.edges) {
    const a = positions[from];
    const b = positions[to];
    if (!a || !b) continue;
    if (Math.max(a.x, b.x) < left || Math.min(a.x, b.x) > right) continue;
    if (Math.max(a.y, b.y) < top || Math.min(a.y, b.y) > bottom) continue;
    context.moveTo(a.x + NODE_WIDTH, a.y + NODE_HEIGHT / 2);
    context.lineTo(b.x, b.y + NODE_HEIGHT / 2);
  }
  context.stroke();
  const colors = statusColors(canvas);
  const { statuses } = useRunsStore.getState();
  const project = useProjectStore.getState();
  const stale = project.snapshot?.stale ?? {};
  const buckets = new Map<NodeStatus, { x: number; y: number }[]>();
  for (const [id, p] of Object.entries(positions)) {
    if (p.x < left || p.x > right || p.y < top || p.y > bottom) continue;
    const status = displayStatus(statuses[id], stale[id], project.staleSeq);
    const bucket = buckets.get(status);
    if (bucket) bucket.push(p);
    else buckets.set(status, [p]);
  }
  for (const [status, points] of buckets) {
    context.fillStyle = colors[status];
    for (const p of points) context.fillRect(p.x, p.y, NODE_WIDTH, NODE_HEIGHT);
  }
  context.lineWidth = Math.max(3, 3 / zoom);
  context.strokeStyle = style.getPropertyValue('--accent').trim() || '#06c';
  for (const id of input.selected) {
    const p = positions[id];
    if (p) context.strokeRect(p.x, p.y, NODE_WIDTH, NODE_HEIGHT);
  }
}

export interface OverviewCanvasProps {
  layout: LayoutResult;
  edges: readonly [string, string][];
  selected: ReadonlySet<string>;
}

export function OverviewCanvas({ layout, edges, selected }: OverviewCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let frame: number | null = null;
    const schedule = (): void => {
      frame ??= requestAnimationFrame(() => {
        frame = null;
        const { transform, width, height } = flowStore.getState();
        draw(canvas, { layout, edges, selected, transform, width, height });
      });
    };
    schedule();
    // Only what the drawing shows: a full draw of a large graph costs tens of ms, and the runs list,
    // notices or problems arriving must not cost one each.
    const unsubscribers = [
      flowStore.subscribe((state, previous) => {
        if (
          state.transform !== previous.transform ||
          state.width !== previous.width ||
          state.height !== previous.height
        )
          schedule();
      }),
      useRunsStore.subscribe((state, previous) => {
        if (state.statuses !== previous.statuses) schedule();
      }),
      useProjectStore.subscribe((state, previous) => {
        if (
          state.snapshot?.stale !== previous.snapshot?.stale ||
          state.staleSeq !== previous.staleSeq
        )
          schedule();
      }),
    ];
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [flowStore, layout, edges, selected]);
  return <canvas ref={canvasRef} className="overview-canvas" aria-hidden="true" />;
}

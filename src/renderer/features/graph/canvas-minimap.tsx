// The minimap for large graphs: React Flow's SVG minimap draws one element per node (thousands of
// them cost seconds to mount), this draws the layout once into a canvas and only the viewport frame
// on top as the view moves. Click or drag on it to move the view there.
import { useEffect, useRef, type PointerEvent } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { LayoutResult } from './layout';
import { groupColor } from './group-colors';
import { NODE_HEIGHT, NODE_WIDTH } from './flow-elements';

const WIDTH = 200;
const HEIGHT = 140;

interface Fit {
  scale: number;
  offsetX: number;
  offsetY: number;
}

function fitOf(layout: LayoutResult): Fit {
  const scale = Math.min(WIDTH / Math.max(layout.width, 1), HEIGHT / Math.max(layout.height, 1));
  return {
    scale,
    offsetX: (WIDTH - layout.width * scale) / 2,
    offsetY: (HEIGHT - layout.height * scale) / 2,
  };
}

export function CanvasMiniMap({
  layout,
  groups,
}: {
  layout: LayoutResult;
  groups: ReadonlyMap<string, string>;
}) {
  const baseRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();
  const flow = useReactFlow();

  useEffect(() => {
    const canvas = baseRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    const { scale, offsetX, offsetY } = fitOf(layout);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    const w = Math.max(1, NODE_WIDTH * scale);
    const h = Math.max(1, NODE_HEIGHT * scale);
    // One fillStyle per group, not per node: parsing a colour thousands of times costs more than drawing.
    const byGroup = new Map<string, { x: number; y: number }[]>();
    for (const [id, p] of Object.entries(layout.positions)) {
      const group = groups.get(id) ?? '';
      const points = byGroup.get(group);
      if (points) points.push(p);
      else byGroup.set(group, [p]);
    }
    for (const [group, points] of byGroup) {
      context.fillStyle = groupColor(group);
      for (const p of points) context.fillRect(offsetX + p.x * scale, offsetY + p.y * scale, w, h);
    }
  }, [layout, groups]);

  useEffect(() => {
    const canvas = frameRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    const { scale, offsetX, offsetY } = fitOf(layout);
    let frame: number | null = null;
    const paint = (): void => {
      frame = null;
      const { transform, width, height } = flowStore.getState();
      const [tx, ty, zoom] = transform;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, WIDTH, HEIGHT);
      context.strokeStyle = getComputedStyle(canvas).getPropertyValue('--accent').trim() || '#06c';
      context.lineWidth = 1.5;
      context.strokeRect(
        offsetX + (-tx / zoom) * scale,
        offsetY + (-ty / zoom) * scale,
        (width / zoom) * scale,
        (height / zoom) * scale,
      );
    };
    paint();
    const unsubscribe = flowStore.subscribe(() => {
      frame ??= requestAnimationFrame(paint);
    });
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, [layout, flowStore]);

  const moveTo = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.buttons !== 1 && event.type !== 'pointerdown') return;
    const bounds = event.currentTarget.getBoundingClientRect();
    const { scale, offsetX, offsetY } = fitOf(layout);
    const x = (event.clientX - bounds.left - offsetX) / scale;
    const y = (event.clientY - bounds.top - offsetY) / scale;
    void flow.setCenter(x, y, { zoom: flowStore.getState().transform[2] });
  };

  return (
    <div
      className="canvas-minimap"
      role="img"
      aria-label="Minimap"
      onPointerDown={moveTo}
      onPointerMove={moveTo}
    >
      <canvas ref={baseRef} style={{ width: WIDTH, height: HEIGHT }} />
      <canvas ref={frameRef} style={{ width: WIDTH, height: HEIGHT }} />
    </div>
  );
}

// Pure geometry for the zoomed-out overview: which node is under a point, which lie in a rectangle.
import type { LayoutResult } from './layout';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** React Flow's transform: [translateX, translateY, zoom]. */
export type Transform = readonly [number, number, number];

export function screenToFlow(
  point: { x: number; y: number },
  [tx, ty, zoom]: Transform,
): { x: number; y: number } {
  return { x: (point.x - tx) / zoom, y: (point.y - ty) / zoom };
}

export function screenRectToFlow(rect: Rect, transform: Transform): Rect {
  const start = screenToFlow(rect, transform);
  const zoom = transform[2];
  return { x: start.x, y: start.y, width: rect.width / zoom, height: rect.height / zoom };
}

export function nodeAt(
  positions: LayoutResult['positions'],
  point: { x: number; y: number },
  width: number,
  height: number,
): string | null {
  for (const [id, p] of Object.entries(positions)) {
    if (point.x >= p.x && point.x <= p.x + width && point.y >= p.y && point.y <= p.y + height) {
      return id;
    }
  }
  return null;
}

/** Nodes that overlap the rectangle (partial overlap counts, like a loose lasso). */
export function nodesInRect(
  positions: LayoutResult['positions'],
  rect: Rect,
  width: number,
  height: number,
): string[] {
  const ids: string[] = [];
  for (const [id, p] of Object.entries(positions)) {
    if (
      p.x + width >= rect.x &&
      p.x <= rect.x + rect.width &&
      p.y + height >= rect.y &&
      p.y <= rect.y + rect.height
    ) {
      ids.push(id);
    }
  }
  return ids;
}

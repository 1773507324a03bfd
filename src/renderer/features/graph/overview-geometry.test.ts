import { describe, expect, it } from 'vitest';
import { nodeAt, nodesInRect, screenRectToFlow, screenToFlow } from './overview-geometry';

const positions = { a: { x: 0, y: 0 }, b: { x: 300, y: 0 }, c: { x: 300, y: 100 } };

describe('overview geometry', () => {
  it('converts screen points and rectangles to flow coordinates', () => {
    expect(screenToFlow({ x: 110, y: 20 }, [10, 0, 0.5])).toEqual({ x: 200, y: 40 });
    expect(screenRectToFlow({ x: 10, y: 0, width: 50, height: 5 }, [10, 0, 0.5])).toEqual({
      x: 0,
      y: 0,
      width: 100,
      height: 10,
    });
  });

  it('finds the node under a point', () => {
    expect(nodeAt(positions, { x: 310, y: 120 }, 200, 44)).toBe('c');
    expect(nodeAt(positions, { x: 250, y: 10 }, 200, 44)).toBeNull();
  });

  it('finds the nodes a rectangle touches', () => {
    expect(nodesInRect(positions, { x: 150, y: 90, width: 200, height: 30 }, 200, 44)).toEqual([
      'c',
    ]);
    expect(nodesInRect(positions, { x: 0, y: 0, width: 1000, height: 1000 }, 200, 44)).toHaveLength(
      3,
    );
  });
});

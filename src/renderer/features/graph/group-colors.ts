// A stable colour per group (the band on each node and the legend), from a hash of the group's name.
import { hashText } from './layout-input';

const cache = new Map<string, string>();

export function groupColor(group: string): string {
  let color = cache.get(group);
  if (!color) {
    const hue = Number.parseInt(hashText(group).slice(0, 4), 16) % 360;
    color = `hsl(${hue} 60% 50%)`;
    cache.set(group, color);
  }
  return color;
}

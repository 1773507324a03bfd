// Loads xterm on demand (its own chunk, ~340 KB) and opens a read-only terminal in `container`:
// parsing and starting it at page load cost ~200 ms of the first paint, for a panel with no run yet.
import type { Terminal } from '@xterm/xterm';
import { terminalTheme } from './terminal-theme';

/** Lines kept by the terminal; older ones stay in the run's stored log (runs.log). */
export const SCROLLBACK = 10_000;
export const FONT_SIZE = 12;
export const FONT_FAMILY =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

export async function createTerminal(container: HTMLElement, dark: boolean): Promise<Terminal> {
  const { Terminal: XTerm } = await import('@xterm/xterm');
  const term = new XTerm({
    convertEol: true,
    disableStdin: true,
    cursorInactiveStyle: 'none',
    cursorStyle: 'bar',
    scrollback: SCROLLBACK,
    fontSize: FONT_SIZE,
    fontFamily: FONT_FAMILY,
    theme: terminalTheme(dark),
  });
  term.open(container);
  return term;
}

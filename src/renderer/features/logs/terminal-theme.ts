// Terminal colours for the OS theme (xterm takes colours, not CSS variables).
import type { ITheme } from '@xterm/xterm';

const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#1f2328',
  cursor: '#fbfbfc',
  selectionBackground: '#b6d6fd',
  black: '#1f2328',
  red: '#c62828',
  green: '#1b7f3b',
  yellow: '#9a6700',
  blue: '#0a5cc2',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#d32f2f',
  brightGreen: '#2da44e',
  brightYellow: '#bf8700',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

const DARK: ITheme = {
  background: '#15181d',
  foreground: '#d7dae0',
  cursor: '#15181d',
  selectionBackground: '#264f78',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#6e7681',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#f0f6fc',
};

export const DARK_QUERY = '(prefers-color-scheme: dark)';

export function terminalTheme(dark: boolean): ITheme {
  return dark ? DARK : LIGHT;
}

// Pure text helpers for the Logs panel: the lines that mention an asset, and the tail of a long log.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word match, so `orders` does not match `stg_orders`; ANSI colour codes do not split names. */
export function mentionPattern(name: string): RegExp {
  return new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(name)}($|[^A-Za-z0-9_])`);
}

/** Streams text in and lets only complete lines that mention the asset through (as CRLF lines). */
export class LineFilter {
  private carry = '';
  private readonly pattern: RegExp;

  constructor(name: string) {
    this.pattern = mentionPattern(name);
  }

  push(chunk: string): string {
    const text = this.carry + chunk;
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      this.carry = text;
      return '';
    }
    this.carry = text.slice(end + 1);
    return this.select(text.slice(0, end));
  }

  /** The whole text at once (e.g. after the view changed), including a last unterminated line. */
  all(text: string): string {
    this.carry = '';
    const end = text.lastIndexOf('\n');
    const complete = this.select(end === -1 ? '' : text.slice(0, end));
    this.carry = text.slice(end + 1);
    return complete;
  }

  private select(lines: string): string {
    let out = '';
    for (const line of lines.split('\n')) {
      if (this.pattern.test(line)) out += `${line.replace(/\r$/, '')}\r\n`;
    }
    return out;
  }
}

/** The last `maxLines` lines of `text` (what a terminal with that scrollback would keep anyway). */
export function tailLines(text: string, maxLines: number): string {
  let index = text.length;
  for (let seen = 0; seen < maxLines; seen++) {
    const previous = text.lastIndexOf('\n', index - 1);
    if (previous === -1) return text;
    index = previous;
  }
  return text.slice(index + 1);
}

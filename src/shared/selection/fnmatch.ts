// Python's fnmatch (what dbt uses for names, tags, packages) and pathlib-style globbing (what
// dbt's `path:` method uses), ported so selection agrees with `dbt ls` character for character.
const cache = new Map<string, RegExp>();

function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}

/** Python's fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`; an unclosed `[` is literal. */
export function fnmatchRegex(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern.charAt(i);
    i += 1;
    if (char === '*') out += '.*';
    else if (char === '?') out += '.';
    else if (char === '[') {
      let j = i;
      if (pattern.charAt(j) === '!') j += 1;
      if (pattern.charAt(j) === ']') j += 1;
      while (j < pattern.length && pattern.charAt(j) !== ']') j += 1;
      if (j >= pattern.length) {
        out += '\\[';
      } else {
        let stuff = pattern.slice(i, j);
        i = j + 1;
        const negate = stuff.startsWith('!');
        if (negate) stuff = stuff.slice(1);
        // Inside a class only `-` keeps its meaning; everything else is literal.
        const body = [...stuff].map((c) => (c === '-' ? '-' : escapeRegex(c))).join('');
        out += `[${negate ? '^' : ''}${body}]`;
      }
    } else out += escapeRegex(char);
  }
  const regex = new RegExp(`^${out}$`, 's');
  cache.set(pattern, regex);
  return regex;
}

export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegex(pattern).test(name);
}

function hasMagic(segment: string): boolean {
  return /[*?[]/.test(segment);
}

/** Path segments with `.` and empty parts dropped and backslashes read as separators. */
export function pathSegments(path: string): string[] {
  if (path === '') return [];
  const parts = path.includes('\\') ? path.split(/[\\/]+/) : path.split('/');
  // Fast path for the common clean `models/staging/x.sql`: no filtering copy.
  return parts.every((s) => s !== '' && s !== '.')
    ? parts
    : parts.filter((s) => s !== '' && s !== '.');
}

/**
 * Whether `path` (project-relative) is one of the paths `Path(root).glob(pattern)` would yield:
 * segment by segment, `**` spanning any number of folders (including none).
 */
export function globMatch(pattern: string[], path: string[]): boolean {
  const match = (p: number, s: number): boolean => {
    if (p === pattern.length) return s === path.length;
    const part = pattern[p];
    if (part === '**') {
      for (let k = s; k <= path.length; k += 1) if (match(p + 1, k)) return true;
      return false;
    }
    const segment = path[s];
    if (segment === undefined || part === undefined) return false;
    const ok = hasMagic(part) ? fnmatch(segment, part) : segment === part;
    return ok && match(p + 1, s + 1);
  };
  return match(0, 0);
}

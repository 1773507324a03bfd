// One selector method applied to one node, mirroring dbt's graph/selector_methods.py.
// Deliberate difference: `group:` matches the Floe group (meta.floe.group / folder) as well as
// dbt's `group` config, and applies to sources too (dbt only knows the dbt group).
import { fnmatch, globMatch, pathSegments } from './fnmatch';
import type { SelectionCriterion } from './parse-selection';
import type { SelectableNode, SelectionIndex } from './selection-index';

/** dbt's is_selected_node: leaf name, dotted fqn prefix, or a wildcard over the rest. */
function isSelectedNode(fqn: string[], selector: string, versioned: boolean): boolean {
  if (fqn.length === 0) return false;
  const parts = selector.split('.');
  if (versioned) {
    if (fqn.at(-2) === selector) return true;
    if (fqn.slice(-2).join('_') === parts.slice(-2).join('_')) return true;
  } else if (fqn.at(-1) === selector) return true;
  const flat = fqn.flatMap((segment) => segment.split('.'));
  if (flat.length < parts.length) return false;
  let slurpFrom: number | undefined;
  for (const [i, part] of parts.entries()) {
    if (/[*?[\]]/.test(part)) {
      slurpFrom = i;
      break;
    }
    if (flat[i] !== part) return false;
  }
  if (slurpFrom === undefined) return true;
  if (fnmatch(flat.slice(slurpFrom).join('.'), parts.slice(slurpFrom).join('.'))) return true;
  if (selector.includes('.')) return false;
  const leaf = versioned ? fqn.at(-2) : fqn.at(-1);
  return leaf !== undefined && fnmatch(leaf, selector);
}

function matchesFqn(node: SelectableNode, selector: string): boolean {
  // dbt also tries the fqn without its package, so `staging.stg_orders` works across packages.
  return isSelectedNode(node.fqn, selector, node.versioned) || isSelectedNode(node.fqn.slice(1), selector, node.versioned);
}

function matchesPath(node: SelectableNode, pattern: string[]): boolean {
  if (globMatch(pattern, node.file) || (node.patch.length > 0 && globMatch(pattern, node.patch))) return true;
  // A folder selects every file below it (dbt checks each parent of original_file_path).
  for (let end = node.file.length - 1; end >= 0; end -= 1) {
    if (globMatch(pattern, node.file.slice(0, end))) return true;
  }
  return false;
}

function matchesFile(node: SelectableNode, pattern: string): boolean {
  const base = node.file.at(-1);
  if (base === undefined) return false;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return fnmatch(base, pattern) || fnmatch(stem, pattern);
}

function splitPackageName(value: string, withSource: boolean): { pkg: string; source: string; name: string } {
  const parts = value.split('.');
  if (withSource) {
    if (parts.length === 1) return { pkg: '*', source: parts[0] ?? '', name: '*' };
    if (parts.length === 2) return { pkg: '*', source: parts[0] ?? '', name: parts[1] ?? '' };
    return { pkg: parts[0] ?? '', source: parts[1] ?? '', name: parts[2] ?? '' };
  }
  if (parts.length === 1) return { pkg: '*', source: '', name: parts[0] ?? '' };
  return { pkg: parts[0] ?? '', source: '', name: parts[1] ?? '' };
}

const isConfigurable = (n: SelectableNode): boolean => n.resourceType !== 'exposure' && n.resourceType !== 'unit_test';

function matchesConfig(node: SelectableNode, key: string | undefined, value: string): boolean {
  if (!isConfigurable(node)) return false;
  switch (key) {
    case 'materialized':
      return node.materialization === value;
    case 'severity':
      return node.severity !== undefined && node.severity.toUpperCase() === value.toUpperCase();
    case 'enabled':
      // Disabled nodes are not in the graph at all.
      return value.toLowerCase() === 'true';
    case 'access':
      return node.access === value;
    case 'group':
      return node.dbtGroup === value;
    default:
      return false;
  }
}

export function nodeMatches(node: SelectableNode, c: SelectionCriterion, index: SelectionIndex): boolean {
  const value = c.value;
  switch (c.method) {
    case 'fqn':
      return node.resourceType !== 'source' && matchesFqn(node, value);
    case 'tag':
      return node.tags.some((tag) => fnmatch(tag, value));
    case 'group':
      return (
        node.kind === 'asset' &&
        ((node.group !== undefined && fnmatch(node.group, value)) || (node.dbtGroup !== undefined && fnmatch(node.dbtGroup, value)))
      );
    case 'access':
      return node.resourceType === 'model' && node.access === value;
    case 'source': {
      if (node.resourceType !== 'source') return false;
      const t = splitPackageName(value, true);
      return fnmatch(node.packageName, t.pkg) && fnmatch(node.sourceName ?? '', t.source) && fnmatch(node.name, t.name);
    }
    case 'exposure':
    case 'unit_test': {
      if (node.resourceType !== c.method) return false;
      const t = splitPackageName(value, false);
      return fnmatch(node.packageName, t.pkg) && fnmatch(node.name, t.name);
    }
    case 'path':
      return matchesPath(node, pathSegments(value));
    case 'file':
      return matchesFile(node, value);
    case 'package':
      return fnmatch(node.packageName, value === 'this' && index.projectName !== '' ? index.projectName : value);
    case 'config':
      return matchesConfig(node, c.methodArgs[0], value);
    case 'test_name':
      if (node.checkKind === 'unit') return fnmatch(node.name, value);
      return node.checkKind === 'generic' && node.testName !== undefined && fnmatch(node.testName, value);
    case 'test_type':
      if (value === 'generic' || value === 'schema') return node.checkKind === 'generic';
      if (value === 'data') return node.checkKind === 'generic' || node.checkKind === 'singular';
      return node.checkKind === value;
    case 'resource_type':
      return node.resourceType === value;
  }
}

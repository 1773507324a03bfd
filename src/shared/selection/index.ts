export { fnmatch } from './fnmatch';
export {
  DBT_RESOURCE_TYPES,
  SELECTOR_METHODS,
  SUPPORTED_CONFIG_KEYS,
  parseSelection,
  type ParsedSelection,
  type SelectionCriterion,
  type SelectionIntersection,
  type SelectorMethod,
} from './parse-selection';
export {
  resolveChecks,
  resolveSelection,
  resolveSelectionDetailed,
  type ResolvedSelection,
} from './resolve-selection';
export { SelectionError } from './selection-error';

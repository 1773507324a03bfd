// Search / filter the graph: words match names; tag:, group:, type: filter (see graph-filter.ts).
import { selectQuery, useGraphStore } from '../../stores/graph-store';

export const SEARCH_INPUT_ID = 'asset-search';

export function SearchBox() {
  const query = useGraphStore(selectQuery);
  return (
    <input
      id={SEARCH_INPUT_ID}
      className="search-box"
      type="search"
      aria-label="Search assets"
      placeholder="Search: name, tag:x, group:y, type:seed   (/ or Ctrl+K)"
      value={query}
      onChange={(e) => useGraphStore.getState().setQuery(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          if (query) useGraphStore.getState().setQuery('');
          else e.currentTarget.blur();
          e.stopPropagation();
        }
      }}
    />
  );
}

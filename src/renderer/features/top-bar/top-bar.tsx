// The top bar: project, environment, materialize, search, connection.
import { selectProjectName, useProjectStore } from '../../stores/project-store';
import { selectConnection, useUiStore } from '../../stores/ui-store';
import { EnvironmentSelect } from '../environments/environment-select';
import { MaterializeControls } from '../materialize/materialize-controls';
import { SearchBox } from './search-box';

export function TopBar() {
  const name = useProjectStore(selectProjectName);
  const dir = useProjectStore((s) => s.snapshot?.dir);
  const connection = useUiStore(selectConnection);
  return (
    <header className="top-bar">
      <h1 className="top-bar__project" title={dir}>
        {name ?? 'Floe Studio'}
      </h1>
      <EnvironmentSelect />
      <MaterializeControls />
      <SearchBox />
      {connection === 'open' ? null : (
        <span className="top-bar__connection" data-state={connection} role="status">
          {connection === 'connecting'
            ? 'Connecting…'
            : connection === 'closed'
              ? 'Disconnected'
              : 'Reconnecting…'}
        </span>
      )}
    </header>
  );
}

// The Environment dropdown: floe.yaml's environments; switching regenerates profiles (engine side).
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import {
  selectActiveEnvironment,
  selectEnvironments,
  useProjectStore,
} from '../../stores/project-store';
import { setEnvironment } from '../materialize/actions';

export function EnvironmentSelect() {
  const api = useApi();
  const environments = useProjectStore(selectEnvironments);
  const active = useProjectStore(selectActiveEnvironment);
  const [switching, setSwitching] = useState(false);
  const activeInfo = environments.find((env) => env.name === active);
  return (
    <label className="env-select" data-protected={activeInfo?.protected ? 'true' : undefined}>
      <span className="env-select__label">Env</span>
      <select
        aria-label="Environment"
        value={active ?? ''}
        disabled={switching || environments.length === 0}
        onChange={(e) => {
          setSwitching(true);
          void setEnvironment(api, e.target.value).finally(() => setSwitching(false));
        }}
      >
        {active === null ? <option value="">—</option> : null}
        {environments.map((env) => (
          <option key={env.name} value={env.name}>
            {env.name} ({env.target}){env.protected ? ' — protected' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

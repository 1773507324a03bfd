// Starting a run: the request, the protected-environment confirmation and retry, the user-action span.
import type { FloeApi, RequestPayload } from '../../../shared/api/contract';
import { apiErrorCode } from '../../../shared/api/api-error';
import { startUserActionSpan } from '../../telemetry';

export interface MaterializeArgs {
  select: string;
  exclude?: string;
  env: string | null;
}

/** Asks the user to confirm a run in a protected environment; resolves true to go ahead. */
export type ConfirmRun = (env: string, select: string) => Promise<boolean>;

/** The run id, or null when the user declined the confirmation. Rejects with the API's error. */
export async function materialize(
  api: FloeApi,
  args: MaterializeArgs,
  confirm: ConfirmRun,
): Promise<string | null> {
  const span = startUserActionSpan('materialize');
  const payload: RequestPayload<'runs.materialize'> = {
    select: args.select,
    ...(args.exclude ? { exclude: args.exclude } : {}),
    ...(args.env ? { env: args.env } : {}),
    ...(span.traceparent ? { traceparent: span.traceparent } : {}),
  };
  try {
    try {
      const { runId } = await api.request('runs.materialize', payload);
      span.end();
      return runId;
    } catch (error) {
      if (apiErrorCode(error) !== 'confirmation_required') throw error;
    }
    if (!(await confirm(args.env ?? 'this environment', args.select))) {
      span.end({ error: 'declined' });
      return null;
    }
    const { runId } = await api.request('runs.materialize', { ...payload, confirmed: true });
    span.end();
    return runId;
  } catch (error) {
    span.end({ error: String(error) });
    throw error;
  }
}

// Builds a handler set from a base (e.g. the project service, possibly a class instance whose methods
// live on its prototype) with some channels replaced by a transport's own (the desktop shell answers
// `shell.openExternal` itself). Every channel is bound explicitly, so `this` survives.
import { REQUEST_CHANNELS } from '../../shared/api/contract';
import type { RequestChannel } from '../../shared/api/contract';
import type { ApiHandlers } from './types';

type AnyHandler = (payload: never) => Promise<unknown>;

export function overrideHandlers(base: ApiHandlers, overrides: Partial<ApiHandlers>): ApiHandlers {
  const result: Partial<Record<RequestChannel, AnyHandler>> = {};
  for (const channel of REQUEST_CHANNELS) {
    const own: AnyHandler | undefined = overrides[channel];
    const inherited: AnyHandler = base[channel];
    result[channel] = own ?? ((payload) => inherited.call(base, payload));
  }
  // Filled for every channel of the contract just above; TypeScript cannot follow the loop.
  return result as ApiHandlers;
}

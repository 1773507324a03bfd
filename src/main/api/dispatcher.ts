// The transport-agnostic front door of the engine: unknown channels are refused and every payload is
// parsed with the contract's zod schema before a handler runs. Errors cross the boundary as plain
// data (code + message), never as a stack trace.
import type { z } from 'zod';
import { isRequestChannel, requestSchemas } from '../../shared/api/contract';
import type { ApiError, ApiResponse, RequestChannel } from '../../shared/api/contract';
import type { ApiHandlers, Dispatcher } from './types';

const API_ERROR_CODES: ReadonlySet<string> = new Set<ApiError['code']>([
  'invalid_payload',
  'unknown_channel',
  'no_project',
  'confirmation_required',
  'failed',
]);

export interface DispatcherOptions {
  /** Told about every handler failure (e.g. to log it with its stack); never sent to the client. */
  onHandlerError?: (channel: RequestChannel, error: unknown) => void;
}

export function createDispatcher(
  handlers: ApiHandlers,
  options: DispatcherOptions = {},
): Dispatcher {
  return {
    async handle(channel, payload) {
      if (!isRequestChannel(channel)) {
        return failure('unknown_channel', `Unknown channel ${describeChannel(channel)}.`);
      }
      const parsed = requestSchemas[channel].safeParse(payload);
      if (!parsed.success) {
        return failure('invalid_payload', formatPayloadIssues(channel, parsed.error.issues));
      }
      try {
        // The schema and the handler are looked up with the same channel, so the parsed data is the
        // handler's payload type; TypeScript cannot correlate the two lookups on a union key.
        const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (error) {
        options.onHandlerError?.(channel, error);
        return { ok: false, error: toApiError(error) };
      }
    },
  };
}

/** `Invalid payload for "runs.cancel": runId: Too small: expected string to have >=1 characters`. */
export function formatPayloadIssues(
  channel: RequestChannel,
  issues: readonly z.core.$ZodIssue[],
): string {
  const lines = issues.map((issue) => {
    const where = issue.path.length === 0 ? '(payload)' : issue.path.map(String).join('.');
    return `${where}: ${issue.message}`;
  });
  return `Invalid payload for "${channel}": ${lines.join('; ')}`;
}

/** Maps anything thrown by a handler to an ApiError, keeping a known `code` when the error has one. */
export function toApiError(error: unknown): ApiError {
  const message = errorMessage(error);
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && API_ERROR_CODES.has(code)) {
      return { code: code as ApiError['code'], message };
    }
  }
  return { code: 'failed', message };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string' && message.length > 0) return message;
  }
  if (typeof error === 'string' && error.length > 0) return error;
  return 'The request failed.';
}

function failure(code: ApiError['code'], message: string): ApiResponse<never> {
  return { ok: false, error: { code, message } };
}

function describeChannel(channel: unknown): string {
  if (typeof channel === 'string') return JSON.stringify(channel.slice(0, 100));
  return `of type ${channel === null ? 'null' : typeof channel}`;
}

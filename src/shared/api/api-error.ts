// An ApiError as a thrown value. FloeApi.request rejects with it (web client) and the preload should too.
// Electron's contextBridge copies only an Error's message across worlds, so the code is also written
// into the message as `[code] …` and `apiErrorCode` reads it back from either place.
import type { ApiError } from './contract';

const API_ERROR_CODES: readonly ApiError['code'][] = [
  'invalid_payload',
  'unknown_channel',
  'no_project',
  'confirmation_required',
  'failed',
];

export class FloeApiError extends Error {
  readonly code: ApiError['code'];

  constructor(error: ApiError) {
    super(`[${error.code}] ${error.message}`);
    this.name = 'FloeApiError';
    this.code = error.code;
  }
}

function isCode(value: unknown): value is ApiError['code'] {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** The ApiError code carried by a rejection, whether a FloeApiError or a copy of one. */
export function apiErrorCode(error: unknown): ApiError['code'] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code: unknown = (error as { code?: unknown }).code;
  if (isCode(code)) return code;
  const message: unknown = (error as { message?: unknown }).message;
  if (typeof message !== 'string') return undefined;
  const match = /\[([a-z_]+)\]/.exec(message);
  return match && isCode(match[1]) ? match[1] : undefined;
}

/** A user-facing message without the `[code]` prefix or Electron's "Error invoking remote method" wrapper. */
export function apiErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const match = /\[[a-z_]+\]\s*(.*)$/s.exec(raw);
  return match?.[1] ?? raw;
}

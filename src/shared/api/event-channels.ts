// The pushed-event channel names, zod-free: the renderer checks incoming frames against this list,
// and importing it from contract.ts would pull zod (~400 KB) into the UI bundle for one lookup.
import type { EventChannel } from './contract';

export const EVENT_CHANNELS: readonly EventChannel[] = [
  'project.changed',
  'asset.status',
  'check.result',
  'run.output',
  'run.updated',
  'problems',
];

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}

// Limits of `telemetry.export`, zod-free so the renderer can read them without bundling zod.

/** At most this many spans per `telemetry.export` request. */
export const MAX_EXPORTED_SPANS = 100;

// The one place the renderer traces user actions. The telemetry engineer replaces the body with an
// @opentelemetry/sdk-trace-web span whose W3C traceparent parents the run's trace (PRODUCT.md F);
// callers only rely on this shape.
export interface UserActionSpan {
  /** W3C traceparent to send with the request the action makes; undefined while tracing is off. */
  readonly traceparent: string | undefined;
  end(outcome?: { error?: string }): void;
}

export function startUserActionSpan(_name: string): UserActionSpan {
  return { traceparent: undefined, end: () => undefined };
}

// Which lineage endpoint applies, and one sender per endpoint. Events are stored with the redacted
// endpoint URL (no credentials); the real URL, as configured, is matched back here by that key.
import type {
  CompiledArtifacts,
  CompiledObservability,
} from '../../../shared/config/compiled-artifacts';
import { lineageEndpointUrl, redactUrl } from './naming';
import { EndpointSender, type DeliveryOptions } from './sender';
import type { LineageStore } from './store';
import { HttpTransport } from './transports';
import { withTimeout } from '../with-timeout';

export type Environ = Record<string, string | undefined>;

/** The observability that applies to a run: its environment's, else the compiled default. */
export function runObservability(artifacts: CompiledArtifacts, env: string): CompiledObservability {
  return artifacts.environments[env]?.observability ?? artifacts.observability;
}

/** The endpoint configured for a run: `lineage_endpoint`, else `OPENLINEAGE_URL`; none when blank. */
export function configuredEndpoint(
  observability: CompiledObservability,
  environ: Environ,
): string | undefined {
  const value = observability.lineage_endpoint ?? environ['OPENLINEAGE_URL'];
  return value === undefined || value === null || value.trim() === '' ? undefined : value.trim();
}

/** Every endpoint the project may have spooled events for: each environment's, and OPENLINEAGE_URL. */
export function knownEndpoints(
  artifacts: CompiledArtifacts | undefined,
  environ: Environ,
): string[] {
  const out: string[] = [];
  for (const env of Object.keys(artifacts?.environments ?? {})) {
    const endpoint = artifacts && configuredEndpoint(runObservability(artifacts, env), environ);
    if (endpoint) out.push(endpoint);
  }
  const fromEnv = environ['OPENLINEAGE_URL'];
  if (fromEnv && fromEnv.trim() !== '') out.push(fromEnv.trim());
  return out;
}

export class EndpointSenders {
  private readonly urls = new Map<string, string>();
  private readonly senders = new Map<string, EndpointSender>();

  constructor(
    private readonly store: () => LineageStore,
    private readonly environ: Environ,
    private readonly delivery: DeliveryOptions,
    private readonly report: (message: string) => void,
  ) {}

  /** Registers a configured URL; returns the key events are stored under, or undefined if invalid. */
  remember(raw: string): string | undefined {
    try {
      const url = lineageEndpointUrl(raw);
      const key = redactUrl(url);
      this.urls.set(key, url);
      return key;
    } catch {
      this.report(
        `lineage endpoint is not a valid URL (${redactUrl(raw)}); events are kept in the local store only`,
      );
      return undefined;
    }
  }

  /** Wakes the sender of `key` (created on first use). */
  kick(key: string): void {
    let sender = this.senders.get(key);
    if (sender === undefined) {
      try {
        const transport = new HttpTransport({
          url: this.urls.get(key) ?? key,
          apiKey: this.environ['OPENLINEAGE_API_KEY'] || undefined,
          timeoutMs: this.delivery.timeoutMs,
        });
        sender = new EndpointSender(this.store(), transport, this.delivery, this.report);
        this.senders.set(key, sender);
      } catch (error) {
        this.report(
          `lineage endpoint ${key}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
    }
    sender.kick();
  }

  /**
   * Resolves when every sender (or only those of `keys`) is idle or parked, or after `timeoutMs`;
   * a sender whose endpoint has not answered once is waited for `silentTimeoutMs` at most.
   */
  async settled(
    timeoutMs: number,
    keys?: ReadonlySet<string>,
    silentTimeoutMs = timeoutMs,
  ): Promise<void> {
    await Promise.all(
      [...this.senders]
        .filter(([key]) => keys === undefined || keys.has(key))
        .map(([, sender]) =>
          withTimeout(
            sender.settled(),
            sender.hasAnswered ? timeoutMs : Math.min(timeoutMs, silentTimeoutMs),
          ),
        ),
    );
  }

  delivered(): number {
    let total = 0;
    for (const sender of this.senders.values()) total += sender.delivered;
    return total;
  }

  close(): void {
    for (const sender of this.senders.values()) sender.close();
    this.senders.clear();
  }
}

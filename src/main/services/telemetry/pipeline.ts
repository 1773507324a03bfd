// One TracerProvider per (resource, endpoint) of a project: never registered globally, because the app
// may hold several projects (and environments with different tenant attributes) at once.
import type { Attributes, Tracer } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type BufferConfig,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { DeferredExporter } from './deferred-exporter';
import { GuardedExporter } from './guarded-exporter';
import type { Logger } from './logger';
import type { OtlpConfig } from './otlp-config';
import { ReservableIdGenerator } from './reservable-id-generator';

export interface Pipeline {
  tracer: Tracer;
  ids: ReservableIdGenerator;
  provider: BasicTracerProvider;
  /** The OTLP URL spans are sent to, when any. */
  exportUrl?: string;
}

export interface PipelineOptions {
  resource: Attributes;
  otlp?: OtlpConfig;
  /** Replaces the OTLP exporter (tests, benches). */
  exporter?: SpanExporter;
  /** The local store's processor, shared by every pipeline of the project. */
  storeProcessor?: SpanProcessor;
  batch?: BufferConfig;
  logger?: Logger;
}

const TRACER_NAME = 'floe';
// Big enough for a few thousand nodes between two exports; beyond it the batch processor drops spans
// for the collector only (the local store keeps them all).
const DEFAULT_BATCH: BufferConfig = {
  maxQueueSize: 8192,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 2000,
};

export function createPipeline(options: PipelineOptions): Pipeline {
  const processors: SpanProcessor[] = [];
  if (options.storeProcessor !== undefined) processors.push(options.storeProcessor);
  let exporter = options.exporter;
  let exportUrl: string | undefined;
  if (exporter === undefined && options.otlp !== undefined) {
    const otlp = options.otlp;
    exportUrl = otlp.url;
    exporter = new GuardedExporter(
      new DeferredExporter(async () => {
        const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
        return new OTLPTraceExporter({
          url: otlp.url,
          headers: otlp.headers,
          timeoutMillis: otlp.timeoutMillis,
        });
      }),
      { url: otlp.url, logger: options.logger },
    );
    if (otlp.protocolNote !== undefined) options.logger?.warn(otlp.protocolNote);
  }
  if (exporter !== undefined) {
    processors.push(
      new BatchSpanProcessor(exporter, {
        ...DEFAULT_BATCH,
        ...(options.otlp ? { exportTimeoutMillis: options.otlp.timeoutMillis } : {}),
        ...options.batch,
      }),
    );
  }
  const ids = new ReservableIdGenerator();
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes(options.resource)),
    idGenerator: ids,
    // Every run is recorded in full: the timeline and SC-005 need every span, whatever the parent's flag.
    sampler: new AlwaysOnSampler(),
    spanProcessors: processors,
  });
  const pipeline: Pipeline = { tracer: provider.getTracer(TRACER_NAME), ids, provider };
  if (exportUrl !== undefined) pipeline.exportUrl = exportUrl;
  return pipeline;
}

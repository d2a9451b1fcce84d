import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ConfigError, readCount, readList, readOptional, readString } from './env.js';

/**
 * Traces (OpenTelemetry), off unless an OTLP endpoint is configured. Off, nothing here runs on a
 * request's path: every hook checks one variable and returns. On, one trace per request: the
 * gateway's server span, Apollo Server's parse and validate, Apollo Gateway's own spans
 * (gateway.request, gateway.validate, gateway.plan, gateway.execute, gateway.fetch), a client span
 * per subgraph call whose W3C `traceparent` the subgraph continues, and in each subgraph its
 * server span, parse, validate, execute and every SQL statement. Exported over OTLP/HTTP (JSON).
 */

export interface TracingConfig {
  /** Where spans are posted: the full URL of the collector's traces endpoint (…/v1/traces). */
  readonly url: string;
  /** `service.name` of the process's spans. */
  readonly serviceName: string;
  /** Extra headers for the collector (OTEL_EXPORTER_OTLP_HEADERS: `key=value,key=value`). */
  readonly headers: Readonly<Record<string, string>>;
  /** How long spans wait to be sent in a batch, in ms (OTEL_BSP_SCHEDULE_DELAY). */
  readonly scheduleDelayMs: number;
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is) or OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces`
 * appended), as OpenTelemetry's SDKs read them; null when neither is set or OTEL_SDK_DISABLED=true.
 */
export function tracingConfigFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingConfig | null {
  // Anything but `true` leaves tracing on, as OpenTelemetry's SDKs read it.
  if (readOptional(env, 'OTEL_SDK_DISABLED') === 'true') return null;
  const traces = readOptional(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = readOptional(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const [variable, given] = traces ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces] : ['OTEL_EXPORTER_OTLP_ENDPOINT', base];
  if (!given) return null;
  if (!/^https?:\/\/[^/]/.test(given)) throw new ConfigError(`${variable} must be an http(s) URL (OTLP over HTTP), got "${given}"`);
  const url = traces ? traces : `${given.replace(/\/$/, '')}/v1/traces`;
  const headers: Record<string, string> = {};
  for (const pair of readList(env, 'OTEL_EXPORTER_OTLP_HEADERS')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return {
    url,
    serviceName: readString(env, 'OTEL_SERVICE_NAME', defaultServiceName),
    headers,
    scheduleDelayMs: readCount(env, 'OTEL_BSP_SCHEDULE_DELAY', 1000),
  };
}

/** The tracer while tracing is on; null (the default) makes every hook below a no-op. */
let tracer: Tracer | null = null;
let provider: NodeTracerProvider | null = null;

export const tracingEnabled = (): boolean => tracer !== null;

export interface RunningTracing {
  /** Sends the spans still buffered. */
  readonly flush: () => Promise<void>;
  readonly shutdown: () => Promise<void>;
}

/**
 * Registers the process's tracer provider (AsyncLocalStorage context, W3C trace context
 * propagation): Apollo Gateway's spans appear as soon as it is registered. Once per process.
 */
export function startTracing(config: TracingConfig): RunningTracing {
  if (provider === null) {
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.serviceName }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: config.url, headers: { ...config.headers } }), {
          scheduledDelayMillis: config.scheduleDelayMs,
        }),
      ],
    });
    provider.register();
    tracer = trace.getTracer('plan-crack-graph');
  }
  const running = provider;
  return {
    flush: () => running.forceFlush(),
    shutdown: async () => {
      await running.shutdown();
      tracer = null;
      provider = null;
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Starts tracing when the environment asks for it (the processes' entry points). */
export function startTracingFromEnv(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): RunningTracing | null {
  const config = tracingConfigFromEnv(env, defaultServiceName);
  return config === null ? null : startTracing(config);
}

/** The trace id of the span running now, or null (tracing off, or outside a request). */
export function currentTraceId(): string | null {
  if (tracer === null) return null;
  const span = trace.getActiveSpan();
  return span === undefined ? null : span.spanContext().traceId;
}

/** Attribute names (OpenTelemetry's where they exist). */
export const attributes = {
  subgraph: 'graphql.subgraph.name',
  service: 'plan.service',
  operationName: 'graphql.operation.name',
  operationType: 'graphql.operation.type',
} as const;

/**
 * Runs one HTTP request inside a server span. A subgraph continues its caller's `traceparent` (the
 * gateway's); the gateway, at the edge, starts a trace of its own and only links a client's: a
 * client must not choose the trace id that audit rows and logs record. Tracing off: runs it as it is.
 */
export function traceServerRequest(
  service: string,
  request: IncomingMessage,
  response: ServerResponse,
  run: () => Promise<void>,
  caller: 'continue' | 'link',
): Promise<void> {
  if (tracer === null) return run();
  const callers = propagation.extract(ROOT_CONTEXT, request.headers);
  const callerSpan = trace.getSpanContext(callers);
  const parent = caller === 'continue' ? callers : ROOT_CONTEXT;
  const method = request.method ?? 'GET';
  const span = tracer.startSpan(
    method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        [attributes.service]: service,
        ...(service === 'gateway' ? {} : { [attributes.subgraph]: service }),
      },
      links: caller === 'link' && callerSpan !== undefined ? [{ context: callerSpan }] : [],
    },
    parent,
  );
  response.once('close', () => {
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), run);
}

function endSpan(span: Span, error?: unknown): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message.slice(0, 200) : undefined });
  span.end();
}

/**
 * Apollo Server's phases as spans under the request's server span: `graphql.parse`,
 * `graphql.validate`, and (`execute`, the subgraphs; the gateway has Apollo Gateway's own)
 * `graphql.execute`. Names the server span after the operation. Empty when tracing is off.
 */
export function tracingPlugins<TContext extends BaseContext>(options: { readonly execute: boolean }): ApolloServerPlugin<TContext>[] {
  if (tracer === null) return [];
  const active = tracer;
  const child = (name: string, parent: Context) => active.startSpan(name, {}, parent);
  return [
    {
      async requestDidStart() {
        const parent = context.active();
        const server = trace.getSpan(parent);
        return {
          async parsingDidStart() {
            const span = child('graphql.parse', parent);
            return async (error) => {
              endSpan(span, error);
            };
          },
          async validationDidStart() {
            const span = child('graphql.validate', parent);
            return async (errors) => {
              endSpan(span, errors?.[0]);
            };
          },
          async didResolveOperation({ operation, operationName }) {
            if (server === undefined || operation === undefined) return;
            server.setAttribute(attributes.operationType, operation.operation);
            if (operationName) server.setAttribute(attributes.operationName, operationName);
            server.updateName(operationName ? `${operation.operation} ${operationName}` : operation.operation);
          },
          async executionDidStart() {
            if (!options.execute) return;
            const span = child('graphql.execute', parent);
            return {
              async executionDidEnd(error) {
                endSpan(span, error);
              },
            };
          },
        };
      },
    },
  ];
}

/**
 * Runs one subgraph call of the gateway inside a client span (`graphql.subgraph.name`), so that
 * the `traceparent` injected into its request names it as the subgraph's parent.
 */
export function traceSubgraphCall<T>(subgraph: string, call: () => Promise<T>): Promise<T> {
  if (tracer === null) return call();
  return tracer.startActiveSpan(
    `POST ${subgraph}`,
    { kind: SpanKind.CLIENT, attributes: { [attributes.subgraph]: subgraph } },
    async (span) => {
      try {
        return await call();
      } catch (error) {
        endSpan(span, error);
        throw error;
      } finally {
        if (span.isRecording()) span.end();
      }
    },
  );
}

/** Writes the running span's W3C `traceparent` into an outgoing request's headers. */
export function injectTraceContext(headers: { set(name: string, value: string): void } | undefined): void {
  if (tracer === null || headers === undefined) return;
  propagation.inject(context.active(), headers, {
    set: (carrier, key, value) => {
      carrier.set(key, value);
    },
  });
}

interface StatementEvent {
  readonly queryRunner: object;
  readonly query: string;
}

/**
 * A span per SQL statement (`db.query.text`: the statement with its placeholders, never its
 * parameters), as a TypeORM subscriber; null when tracing is off, so nothing is subscribed.
 */
export function sqlStatementSpans(
  subgraph: string,
  system: 'sqlite' | 'mysql',
): {
  readonly beforeQuery: (event: StatementEvent) => void;
  readonly afterQuery: (event: StatementEvent & { readonly success: boolean }) => void;
} | null {
  if (tracer === null) return null;
  const active = tracer;
  // Spans by connection and statement text, first in first out (as the statement metrics time them).
  const open = new WeakMap<object, Map<string, Span[]>>();
  return {
    beforeQuery: ({ queryRunner, query }) => {
      // Statements outside any request (start-up, seeding) are not traced.
      if (trace.getActiveSpan() === undefined) return;
      const keyword = /^\s*(\w+)/.exec(query)?.[1]?.toUpperCase() ?? 'SQL';
      const span = active.startSpan(keyword, {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': system,
          'db.operation.name': keyword,
          'db.query.text': query.slice(0, 2000),
          [attributes.subgraph]: subgraph,
        },
      });
      let byText = open.get(queryRunner);
      if (byText === undefined) open.set(queryRunner, (byText = new Map<string, Span[]>()));
      const pending = byText.get(query);
      if (pending === undefined) byText.set(query, [span]);
      else pending.push(span);
    },
    afterQuery: ({ queryRunner, query, success }) => {
      const byText = open.get(queryRunner);
      const pending = byText?.get(query);
      const span = pending?.shift();
      if (pending?.length === 0) byText?.delete(query);
      if (span === undefined) return;
      if (!success) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

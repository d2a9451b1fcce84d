import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { serviceLogger } from './log.js';
import { currentTraceId } from './tracing.js';

/**
 * What a client may read of an error. A defect of ours (an error without a code of its own, which
 * Apollo marks INTERNAL_SERVER_ERROR) is logged with an id and shown only as that id; the client
 * quotes it, the operators find the log line. Nothing of the engine's text, SQL or paths leaves.
 */
export const internalErrorCode = 'INTERNAL_SERVER_ERROR';

/** A message longer than this is cut: a client-chosen name echoed by an error cannot make the answer grow without bound. */
export const maxErrorMessageLength = 1000;

export const internalErrorMessage = (service: string, errorId: string): string =>
  `internal error in ${service}; it has been logged: quote error id ${errorId} to the graph's operators`;

/** Logs an unexpected error as one JSON line (platform/log.ts), with a fresh id and the trace it happened in; returns the id. */
export function logInternalError(service: string, error: unknown, context: Record<string, unknown> = {}): string {
  const errorId = randomUUID();
  const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
  serviceLogger(service).error({ errorId, traceId: currentTraceId(), stack, ...context }, message);
  return errorId;
}

/** graphql-js's "Did you mean …?" lists names of the schema: with introspection off, it must not enumerate them. */
const suggestion = / ?Did you mean .+?\?/g;

/** A message as a client may read it: without suggestions where the schema is hidden, and cut past `maxErrorMessageLength`. */
export function clientMessage(message: string, hideSchemaDetails: boolean): string {
  const shown = hideSchemaDetails ? message.replace(suggestion, '') : message;
  return shown.length > maxErrorMessageLength
    ? `${shown.slice(0, maxErrorMessageLength)}… (cut at ${maxErrorMessageLength} characters)`
    : shown;
}

export interface ClientErrorOptions {
  /** Who logs: the gateway or a subgraph's name. */
  readonly service: string;
  /** Drop schema suggestions (production). */
  readonly hideSchemaDetails: boolean;
}

/**
 * Apollo's `formatError`: internal errors masked and logged (an error that already carries an
 * `errorId`, logged by the subgraph that raised it, is passed on as it is), suggestions dropped in
 * production, long messages cut.
 */
export function formatClientError(
  options: ClientErrorOptions,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const code = formatted.extensions?.code;
    if ((code === undefined || code === internalErrorCode) && typeof formatted.extensions?.errorId !== 'string') {
      const errorId = logInternalError(options.service, unwrap(error), { path: formatted.path });
      return {
        message: internalErrorMessage(options.service, errorId),
        path: formatted.path,
        extensions: { code: internalErrorCode, errorId },
      };
    }
    const message = clientMessage(formatted.message, options.hideSchemaDetails);
    return message === formatted.message ? formatted : { ...formatted, message };
  };
}

/** Apollo wraps a resolver's error in a GraphQLError; the log wants the original, with its stack. */
function unwrap(error: unknown): unknown {
  return error instanceof Error && 'originalError' in error && error.originalError instanceof Error ? error.originalError : error;
}

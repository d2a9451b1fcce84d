/**
 * What every answer of the gateway must satisfy, whatever was asked: the checks of the fuzz test
 * and of `npm run fuzz`.
 */
import type { FuzzRequest, SelectedField } from './generators.js';

export interface FuzzBounds {
  readonly maxAnswerBytes: number;
  readonly maxAnswerMs: number;
  /** The gateway's resident memory at the end of a run (its heap is capped at 192 MB). */
  readonly maxGatewayRssMb: number;
}

/** The gateway's heap cap in docker-compose.yml (its NODE_OPTIONS), under which the fuzz runs it. */
export const gatewayHeapMb = 192;

export const fuzzBounds: FuzzBounds = { maxAnswerBytes: 8 * 1024 * 1024, maxAnswerMs: 5000, maxGatewayRssMb: 400 };

/** What came back for one request. */
export interface Answer {
  /** The HTTP status; null when no answer came (connection refused or cut, or no answer in time). */
  readonly status: number | null;
  /** The body's size in bytes (counted up to the bound and a little past it). */
  readonly bytes: number;
  readonly ms: number;
  /** The body as text, cut at the size bound. */
  readonly text: string;
  readonly truncated: boolean;
  /** Why no answer came, e.g. `ECONNRESET`. */
  readonly failure: string | null;
}

export const violationKinds = [
  'server error',
  'internal text',
  'protected value',
  'too large',
  'too slow',
  'no answer',
  'gateway exit',
] as const;
export type ViolationKind = (typeof violationKinds)[number];

export interface Violation {
  readonly kind: ViolationKind;
  readonly detail: string;
  readonly request: FuzzRequest;
  readonly answer: Answer;
}

/** Text that only an engine, a stack trace or a bug puts in an answer. */
export const internalText =
  /Maximum call stack|SqliteError|QueryFailedError|\bER_[A-Z_]+|node_modules|\.ts:\d|at [A-Za-z.]+ \(|Cannot read propert|is not a function|TypeError|RangeError|SQLITE_/g;

/** Everything the client sent: text it sent may come back in an error message and is not a leak. */
function sentText(request: FuzzRequest): string {
  return `${request.path}\n${Object.values(request.headers).join('\n')}\n${request.body ?? ''}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isRecord = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Walks `data` along the selection: every protected field must be null or absent. */
function protectedValues(selection: readonly SelectedField[], data: Json, path: string, found: string[]): void {
  if (Array.isArray(data)) {
    data.forEach((item, index) => {
      protectedValues(selection, item, `${path}[${index}]`, found);
    });
    return;
  }
  if (!isRecord(data)) return;
  for (const field of selection) {
    const value = data[field.responseKey];
    const at = path === '' ? field.responseKey : `${path}.${field.responseKey}`;
    if (value === undefined || value === null) continue;
    if (field.protected) found.push(`${field.coordinate} at ${at} = ${JSON.stringify(value).slice(0, 120)}`);
    else protectedValues(field.children, value, at, found);
  }
}

/** The violations of one answer (none when it is fine). */
export function checkAnswer(request: FuzzRequest, answer: Answer, bounds: FuzzBounds = fuzzBounds): Violation[] {
  const violations: Violation[] = [];
  const violation = (kind: ViolationKind, detail: string) => violations.push({ kind, detail, request, answer });
  if (answer.status === null) violation('no answer', answer.failure ?? 'no answer');
  else if (answer.status >= 500) violation('server error', `HTTP ${answer.status}`);
  if (answer.bytes > bounds.maxAnswerBytes) violation('too large', `${answer.bytes} bytes or more; the bound is ${bounds.maxAnswerBytes}`);
  if (answer.ms > bounds.maxAnswerMs) violation('too slow', `${Math.round(answer.ms)} ms; the bound is ${bounds.maxAnswerMs} ms`);

  const sent = sentText(request);
  const leaked = [...answer.text.matchAll(internalText)].map((match) => match[0]).filter((text) => !sent.includes(text));
  if (leaked.length > 0)
    violation('internal text', `${[...new Set(leaked)].slice(0, 5).join(', ')} in: ${excerpt(answer.text, leaked[0]!)}`);

  if (request.unauthenticatedSelection !== undefined && !answer.truncated && answer.status !== null) {
    let body: Json = null;
    try {
      body = JSON.parse(answer.text) as Json;
    } catch {
      // Not JSON: nothing to walk (a 4xx in another format is fine).
    }
    const found: string[] = [];
    if (isRecord(body) && body.data !== undefined) protectedValues(request.unauthenticatedSelection, body.data, '', found);
    if (found.length > 0) violation('protected value', `without a valid identity, got ${found.slice(0, 3).join('; ')}`);
  }
  return violations;
}

function excerpt(text: string, around: string): string {
  const at = Math.max(0, text.indexOf(around) - 80);
  return JSON.stringify(text.slice(at, at + 240));
}

/** The first error message of an answer, for reports. */
export function firstError(answer: Answer): string {
  if (answer.status === null) return answer.failure ?? 'no answer';
  try {
    const body = JSON.parse(answer.text) as unknown;
    const first = isRecord(body) && Array.isArray(body.errors) ? body.errors[0] : undefined;
    if (isRecord(first) && typeof first.message === 'string') return first.message.slice(0, 200);
  } catch {
    // Not JSON: the text itself.
  }
  return answer.text.slice(0, 200) || '(empty body)';
}

/** A short reproduction: the category, the request (body cut at 300 characters) and what came back. */
export function reproduction(violation: Violation): string {
  const { request, answer } = violation;
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`)
    .join('; ');
  const body =
    request.body === undefined
      ? ''
      : `\n    body (${request.body.length} chars): ${request.body.slice(0, 300)}${request.body.length > 300 ? '…' : ''}`;
  return (
    `[${request.category}] ${violation.kind}: ${violation.detail}\n` +
    `    ${request.method} ${request.path.slice(0, 200)}${request.path.length > 200 ? '…' : ''} (${request.note})${headers === '' ? '' : ` {${headers}}`}${body}\n` +
    `    → ${answer.status === null ? 'no answer' : `HTTP ${answer.status}`} after ${Math.round(answer.ms)} ms, ${answer.bytes} bytes: ${firstError(answer)}`
  );
}

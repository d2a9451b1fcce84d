/** What both load runs (one gateway, or replicas behind HAProxy) send and read: the same mix, agent and memory figures. */
import { readFileSync } from 'node:fs';
import { registeredOperation } from '../../operations/index.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { developmentAudience, developmentIssuer, readPrivateKey } from '../../platform/keys.js';
import { knownScopes } from '../../subgraphs/registry.js';

/** Registered operations (operations/), sent in turn: the load sends what clients send. */
export const loadOperations: Readonly<Record<string, { query: string; variables?: Record<string, unknown> }>> = {
  'sector page': {
    query: registeredOperation('dashboard', 'SectorPage').body,
    variables: { from: '2023-10-01', to: '2023-10-31', year: 2023 },
  },
  'cross-agency report': { query: registeredOperation('cross-agency-report', 'CrossAgencyReport').body, variables: { year: 2023 } },
  'sector lookup': { query: registeredOperation('dashboard', 'SectorLookup').body, variables: { code: 'eole' } },
  'care pathways': { query: registeredOperation('care-pathways', 'CarePathways').body },
};

/** One agent of ars-idf with every read scope but the audit's, signed with the development token key. */
export const signLoadToken = (tokenPrivateKeyFile: string): Promise<string> =>
  signAgentToken(readPrivateKey(tokenPrivateKeyFile, 'development token key', false), {
    agent: 'load-test',
    partner: 'ars-idf',
    scopes: knownScopes.filter((scope) => scope.endsWith(':read') && scope !== 'audit:read'),
    issuer: developmentIssuer,
    audience: developmentAudience,
    expiresAt: '2h',
  });

/** A process's resident memory and its peak so far, in MB (Linux /proc). */
export function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  if (pid === undefined) throw new Error('memoryOf: the process has no pid (it did not start)');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kilobytes('VmRSS') / 1024), peak: Math.round(kilobytes('VmHWM') / 1024) };
}

/** A step of the run at its time (stopping or restarting a service): a failure ends the run, as an uncaught one would, but named. */
export function atTime(delayMs: number, step: () => Promise<void>): NodeJS.Timeout {
  return setTimeout(() => {
    step().catch((error: unknown) => {
      console.error('load: a timed step failed:', error);
      process.exit(1);
    });
  }, delayMs);
}

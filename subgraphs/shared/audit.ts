import type { ApolloServerPlugin } from '@apollo/server';
import { astFromValue, print, type GraphQLField } from 'graphql';
import { currentTraceId } from '../../platform/tracing.js';
import { Column, Entity, Index, PrimaryGeneratedColumn, type DataSource } from 'typeorm';
import type { AccessContext } from './access.js';
import { firstCount } from './arguments.js';
import type { InputMaybe, ResolversTypes, Scalars } from './generated/resolvers.js';
import { instantParameter } from './sql.js';

export const auditOutcomes = ['ALLOWED', 'DENIED', 'PARTIAL'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** One request that touched individual-level fields, kept by the subgraph that owns them. */
@Entity('audit_entries')
@Index(['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** The token's subject, null for an anonymous request. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  agent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  partner: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  operationName: string | null;

  /** The individual-level fields the request asked for, `Type.field`, comma-separated. */
  @Column({ type: 'varchar', length: 2000 })
  fields: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  /** The request's OpenTelemetry trace id (32 hex digits), to follow the audited read across the graph; null while tracing is off. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  traceId: string | null;
}

function outcomeOf(reads: ReadonlyMap<string, boolean>): AuditOutcome {
  const allowed = [...reads.values()];
  if (allowed.every(Boolean)) return 'ALLOWED';
  return allowed.some(Boolean) ? 'PARTIAL' : 'DENIED';
}

/**
 * Writes one audit row per request that read (or was refused) individual-level fields, before the
 * response leaves: a read that cannot be audited is not served. The operations of a batch share one
 * request's context: each writes the fields recorded since the last row, so every read is in a row.
 */
export function auditPlugin(db: DataSource): ApolloServerPlugin<AccessContext> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ contextValue }) => {
        const { access } = contextValue;
        if (access.individualFields.size === 0) return;
        const fields = new Map(access.individualFields);
        access.individualFields.clear();
        await db.getRepository(AuditEntry).insert({
          at: new Date(),
          agent: access.identity.agent,
          partner: access.identity.partner,
          operationName: access.operationName?.slice(0, 128) ?? null,
          fields: [...fields.keys()].sort().join(',').slice(0, 2000),
          outcome: outcomeOf(fields),
          traceId: currentTraceId(),
        });
      },
    }),
  };
}

/** The most audit entries one query may list. */
const maxEntries = 1000;

/**
 * The signature every `Query.<subgraph>AuditTrail` must have in its subgraph's SDL: the resolver
 * below is typed by it, through the shared SDL's generated types, and `auditTrailMismatch` holds
 * each subgraph's field to it.
 */
export const auditTrailSignature = '(from: DateTime, to: DateTime, first: Int = 100): [AuditEntry!]';

interface AuditTrailArgs {
  readonly from?: InputMaybe<Scalars['DateTime']['input']>;
  readonly to?: InputMaybe<Scalars['DateTime']['input']>;
  readonly first: Scalars['Int']['input'];
}

/** `field`'s signature as an SDL would write it, without descriptions or directives. */
function signatureOf(field: GraphQLField<unknown, unknown>): string {
  const args = field.args.map((arg) => {
    const defaultValue = arg.defaultValue === undefined ? null : astFromValue(arg.defaultValue, arg.type);
    return `${arg.name}: ${String(arg.type)}${defaultValue == null ? '' : ` = ${print(defaultValue)}`}`;
  });
  return `(${args.join(', ')}): ${String(field.type)}`;
}

/** `Query.<subgraph>AuditTrail`'s name: `policeJusticeAuditTrail` for `police-justice`. */
export const auditTrailFieldOf = (subgraph: string): string =>
  `${subgraph.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())}AuditTrail`;

/** Why a subgraph's audit-trail field does not have the shared signature; null when it has. */
export function auditTrailMismatch(field: GraphQLField<unknown, unknown>): string | null {
  const found = signatureOf(field);
  return found === auditTrailSignature
    ? null
    : `Query.${field.name} must be ${field.name}${auditTrailSignature}, as subgraphs/shared/audit.graphql says; it is ${field.name}${found}`;
}

/** `Query.<subgraph>AuditTrail(from, to, first)`: newest first. */
export function auditTrailResolver(db: DataSource) {
  return async (_: unknown, args: AuditTrailArgs): Promise<ResolversTypes['AuditEntry'][]> => {
    const first = firstCount('auditTrail', args.first, maxEntries);
    const query = db
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .orderBy('entry.at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(first);
    if (args.from) query.andWhere('entry.at >= :from', { from: instantParameter(db, args.from) });
    if (args.to) query.andWhere('entry.at <= :to', { to: instantParameter(db, args.to) });
    const rows = await query.getMany();
    return rows.map((row) => ({ ...row, fields: row.fields.split(',') }));
  };
}

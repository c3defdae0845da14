/**
 * Opening a Neo4j connection and turning driver failures into Neo4jError messages
 * that say what failed and what to do. Settings come from options or from the
 * environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { Neo4jError } from '../errors.ts';

export interface Neo4jSettings {
  /** bolt://, bolt+s://, neo4j:// or neo4j+s:// URI. */
  uri: string;
  user?: string;
  password?: string;
  /** Database name; the server's default database when absent. */
  database?: string;
  /** How long a managed transaction is retried on transient failures (driver default 30 s). */
  maxTransactionRetryTimeMs?: number;
}

export interface Neo4jConnection {
  driver: Driver;
  settings: Neo4jSettings;
  close(): Promise<void>;
}

/** Settings from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE, or undefined when NEO4J_URI is unset. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Neo4jSettings | undefined {
  const uri = env.NEO4J_URI?.trim();
  if (!uri) return undefined;
  return {
    uri,
    user: env.NEO4J_USER || undefined,
    password: env.NEO4J_PASSWORD || undefined,
    database: env.NEO4J_DATABASE || undefined,
  };
}

const URI_RE = /^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+/;

/** Connects and verifies the server answers; every failure becomes a Neo4jError. */
export async function connectNeo4j(settings: Neo4jSettings): Promise<Neo4jConnection> {
  if (!URI_RE.test(settings.uri)) {
    throw new Neo4jError(
      `bad Neo4j URI '${settings.uri}': expected bolt://HOST:PORT or neo4j://HOST:PORT (bolt+s:// or neo4j+s:// for TLS); set NEO4J_URI or --uri`,
    );
  }
  const auth = settings.user !== undefined ? neo4j.auth.basic(settings.user, settings.password ?? '') : undefined;
  let driver: Driver;
  try {
    driver = neo4j.driver(settings.uri, auth, {
      disableLosslessIntegers: false,
      connectionTimeout: 10_000,
      ...(settings.maxTransactionRetryTimeMs !== undefined ? { maxTransactionRetryTime: settings.maxTransactionRetryTimeMs } : {}),
    });
  } catch (err) {
    throw new Neo4jError(`cannot use Neo4j URI '${settings.uri}': ${messageOf(err)}. Check NEO4J_URI.`, { cause: err });
  }
  try {
    await driver.verifyConnectivity(settings.database ? { database: settings.database } : undefined);
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw describeNeo4jFailure(err, settings.uri, 'connecting', settings.user ?? null);
  }
  return { driver, settings, close: () => driver.close() };
}

/**
 * A driver error → a Neo4jError that names the server, the step and the fix.
 * `user` (the login used, null for none) lets a rejected login name the user; pass
 * it when known.
 */
export function describeNeo4jFailure(err: unknown, uri: string, doing: string, user?: string | null): Neo4jError {
  if (err instanceof Neo4jError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = messageOf(err);
  let advice: string;
  if (code === 'Neo.ClientError.Security.Unauthorized') {
    advice = user === null
      ? `the server requires a login and none was given: set NEO4J_USER and NEO4J_PASSWORD`
      : `the server rejected the login${user !== undefined ? ` of user '${user}'` : ''} (wrong password or unknown user): set NEO4J_USER and NEO4J_PASSWORD to a valid user of this server`;
  } else if (code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    advice = `too many failed logins${user ? ` for user '${user}'` : ''}; the server refuses this user for a while (dbms.security.auth_lock_time): wait, then retry with the right NEO4J_PASSWORD`;
  } else if (code === 'Neo.ClientError.Security.CredentialsExpired') {
    advice = `the password${user ? ` of user '${user}'` : ''} must be changed before use: change it (cypher-shell, ALTER CURRENT USER SET PASSWORD) and set NEO4J_PASSWORD`;
  } else if (code === 'ServiceUnavailable' || code === 'SessionExpired' || /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|connection.*(closed|lost)/i.test(msg)) {
    advice = `the server is not reachable (${unreachableReason(uri, msg)}): start Neo4j or point NEO4J_URI at a running server, then re-run (imports resume safely)`;
  } else if (code.startsWith('Neo.ClientError.Database.DatabaseNotFound')) {
    advice = `the database does not exist: create it or set NEO4J_DATABASE`;
  } else if (code.startsWith('Neo.ClientError.Schema.ConstraintValidationFailed')) {
    advice = `the stored data conflicts with this dataset (an id used with different endpoints): import into an empty database`;
  } else {
    advice = `see the server log`;
  }
  return new Neo4jError(`Neo4j at ${uri}: ${doing} failed: ${advice} (${code ? code + ': ' : ''}${firstLine(msg)})`, { cause: err });
}

/** Why a connection failed, in words: nothing listening, unknown host, or a dropped connection. */
function unreachableReason(uri: string, msg: string): string {
  const hostPort = /^[a-z0-9+]+:\/\/([^/?#]+)/i.exec(uri)?.[1] ?? uri;
  if (/ECONNREFUSED/.test(msg)) return `nothing listens at ${hostPort}`;
  if (/ENOTFOUND|EAI_AGAIN/.test(msg)) return `host ${hostPort.replace(/:\d+$/, '')} not found`;
  if (/ECONNRESET|connection.*(closed|lost)/i.test(msg)) return `the connection to ${hostPort} was lost`;
  return `stopped, or wrong host/port`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

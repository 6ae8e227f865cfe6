import { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The Powertools service by default; each function's Logger and Metrics name their own (`ketnap-<name>`,
 * shared/adapters/observability.ts). */
export const SERVICE_NAME = 'ketnap';

/** Namespace of the business metrics (EMF on stdout; shared/adapters/observability.ts uses the same name). */
export const METRICS_NAMESPACE = 'ketnap';

/** How long function and workflow logs are kept. Logs carry ids and stages only, never personal data. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * The Powertools environment every function gets. POWERTOOLS_LOGGER_LOG_EVENT stays false: an event carries
 * names, dossiers and session cookies, which must never reach the logs.
 *
 * Stack traces are mapped to the TypeScript sources (`--enable-source-maps`) only at log level DEBUG: Node
 * then reads every loaded chunk's source map at import, which added 50-100 ms to a cold start on the bench's
 * machine. The maps ship in every asset either way, so a minified stack can be mapped afterwards.
 */
export function powertoolsEnvironment(logLevel: string): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_LOGGER_LOG_EVENT: 'false',
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
    ...(logLevel === 'DEBUG' ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
  };
}

/** A log group with the retention above; kept on stack deletion (an audit aid). */
export function ketnapLogGroup(scope: Construct, id: string, logGroupName: string): LogGroup {
  return new LogGroup(scope, id, {
    logGroupName,
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * Logs and business metrics of every function: one Powertools Logger and one Powertools Metrics (EMF on
 * stdout, namespace `ketnap`) per process, both named after the function (`ketnap-<name>`, its service).
 *
 *   export const handler = observed('ketnap-wf-record', taskHandler(...));   // functions/*.ts
 *   log.warn('callback delivery deferred', { error: err.name });              // anywhere in shared/
 *   count('CandidatesReferred');                                              // where the event is recorded
 *
 * `observed` attaches the Lambda context to the Logger on each invocation (`logger.addContext`, what the
 * Powertools middy middleware `injectLambdaContext` does; that middleware needs the Logger loaded at start, and
 * no function runs on middy: the api is a Hono app) and, when the invocation ends, writes what is still
 * pending and publishes the stored metrics (`publishStoredMetrics`).
 *
 * Both utilities are loaded on first use, not at cold start: most invocations log nothing (logs are warnings
 * and errors) and record no business event, and importing the two costs about 4-5 ms, 5 % of the functions'
 * cold-start floor (bench/bundles.ts), which the workflow functions (at about 1.2× of it) cannot spare. A function that
 * uses them on every invocation loads them at start (`loadLogger`, `loadMetrics`). Until the Logger is loaded
 * a line waits in order; `observed` waits for it before the invocation returns, so nothing is lost to a frozen
 * execution environment.
 *
 * Rule of every line and metric: no personal data. Ids of candidates, error names, counts, route templates;
 * never names, addresses, tokens, link ids or free text from a request.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { config } from './config.ts';

/** The CloudWatch namespace of ketnap's business metrics. */
export const METRICS_NAMESPACE = 'ketnap';

/** The business events counted, each recorded at one place (its comment says where). */
export type BusinessMetric =
  /** shared/app/candidates.ts: a referral committed (a retried one is not counted again) */
  | 'CandidatesReferred'
  /** shared/app/decision.ts: a committee's decision committed; dimension `outcome` (approve, return, refuse) */
  | 'CommitteeDecisions'
  /** shared/adapters/mailer.ts and functions/reminders.ts: mails SES accepted; dimension `kind` */
  | 'MailsSent';

type Attributes = Record<string, unknown>;
type Level = 'debug' | 'info' | 'warn' | 'error';

const state: {
  service: string;
  /** this process is a function (its handler is observed): only then are business events counted */
  observed: boolean;
  context?: Context;
  invocations: number;
  logger?: Logger;
  loggerLoad?: Promise<Logger>;
  metrics?: Metrics;
  metricsLoad?: Promise<Metrics>;
  /** log lines and metrics waiting for their utility to load */
  pending: Set<Promise<unknown>>;
} = {
  service: config().powertoolsServiceName ?? 'ketnap',
  observed: false,
  invocations: 0,
  pending: new Set(),
};

/** The function's Logger, loaded (once) on first use. */
export function loadLogger(): Promise<Logger> {
  state.loggerLoad ??= import('@aws-lambda-powertools/logger').then(({ Logger }) => {
    const logger = new Logger({ serviceName: state.service });
    if (state.context) {
      logger.addContext(state.context);
      // Powertools marks the first addContext as the cold start: loaded after the first invocation, the
      // context is added once more so that this invocation's lines say cold_start false.
      if (state.invocations > 1) logger.addContext(state.context);
    }
    state.logger = logger;
    return logger;
  });
  return state.loggerLoad;
}

/** The function's Metrics (namespace `ketnap`, dimension `service`), loaded (once) on first use. */
export function loadMetrics(): Promise<Metrics> {
  state.metricsLoad ??= import('@aws-lambda-powertools/metrics').then(({ Metrics }) => {
    state.metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: state.service });
    return state.metrics;
  });
  return state.metricsLoad;
}

function later<T>(load: Promise<T>, use: (loaded: T) => void): void {
  const p = load.then(use).catch(() => undefined);
  state.pending.add(p);
  void p.finally(() => state.pending.delete(p));
}

function write(level: Level, message: string, attributes: Attributes = {}): void {
  if (state.logger) state.logger[level](message, attributes);
  else later(loadLogger(), (logger) => logger[level](message, attributes));
}

/** The function's structured log (Powertools Logger). Ids, error names and counts only. */
export const log = {
  debug: (message: string, attributes?: Attributes) => write('debug', message, attributes),
  info: (message: string, attributes?: Attributes) => write('info', message, attributes),
  warn: (message: string, attributes?: Attributes) => write('warn', message, attributes),
  error: (message: string, attributes?: Attributes) => write('error', message, attributes),
};

/**
 * Counts a business event. With a dimension (a decision's outcome, a mail's kind) the metric is written at once
 * as its own EMF document; without, it is stored and published when the invocation ends. Outside a function
 * (shared/app called in-process: the embedded stack's demo seed, tests) nothing is counted.
 */
export function count(name: BusinessMetric, value = 1, dimension?: Record<string, string>): void {
  if (!state.observed) return;
  const add = (metrics: Metrics) => {
    if (!dimension) {
      metrics.addMetric(name, 'Count', value);
      return;
    }
    const single = metrics.singleMetric();
    for (const [key, v] of Object.entries(dimension)) single.addDimension(key, v);
    single.addMetric(name, 'Count', value);
  };
  if (state.metrics) add(state.metrics);
  else later(loadMetrics(), add);
}

/** Writes what is still pending: the lines waiting for the Logger, and the stored metrics. */
export async function flushObservability(): Promise<void> {
  while (state.pending.size > 0) await Promise.all([...state.pending]);
  if (state.metrics?.hasStoredMetrics()) state.metrics.publishStoredMetrics();
}

/**
 * The handler of function `service` (`ketnap-<name>`), with the Lambda context on its log lines and its
 * metrics published before it returns (also when it throws).
 */
export function observed<E, R>(
  service: string,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  state.service = service;
  state.observed = true;
  return async function observedHandler(event, context) {
    state.invocations++;
    state.context = context;
    state.logger?.addContext(context);
    try {
      return await handler(event, context);
    } finally {
      await flushObservability();
    }
  };
}

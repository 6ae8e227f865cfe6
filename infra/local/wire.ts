// Taps on the wire of the embedded stack's DynamoDB and S3 stand-ins: every authenticated, authorized request of
// every caller (the deployed functions in their own processes included) passes them before it is served. The
// bench counts calls here; the chaos runs answer a share of them with the errors AWS answers under load.
export interface WireCall {
  service: 'DynamoDB' | 'S3';
  operation: string;
  /** the caller: a function's name, a role, or 'admin' */
  principal: string;
  userAgent: string;
  /** items of a TransactWriteItems */
  transactItems?: number;
}

export interface RawFault {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type WireTap = (call: WireCall) => RawFault | undefined;

export class WireTaps {
  private readonly taps = new Set<WireTap>();

  add(tap: WireTap): () => void {
    this.taps.add(tap);
    return () => this.taps.delete(tap);
  }

  /** The first fault a tap answers, or undefined: serve the request. */
  run(call: WireCall): RawFault | undefined {
    for (const t of this.taps) {
      const r = t(call);
      if (r) return r;
    }
    return undefined;
  }
}

/** Requests whose user agent carries this (a driver's own bookkeeping) are not counted. */
export const UNCOUNTED_AGENT = 'ketnap-uncounted';

export interface CallCounts {
  /** requests by "Service.Operation" (each retry is a request) */
  byOperation: Record<string, number>;
  attempts: number;
  /** items written inside TransactWriteItems calls */
  transactItems: number;
}

export function wireCounter(taps: WireTaps) {
  const counts: CallCounts = { byOperation: {}, attempts: 0, transactItems: 0 };
  const remove = taps.add((call) => {
    if (call.userAgent.includes(UNCOUNTED_AGENT)) return undefined;
    const key = `${call.service}.${call.operation}`;
    counts.byOperation[key] = (counts.byOperation[key] ?? 0) + 1;
    counts.attempts++;
    counts.transactItems += call.transactItems ?? 0;
    return undefined;
  });
  return {
    counts,
    reset() {
      counts.byOperation = {};
      counts.attempts = 0;
      counts.transactItems = 0;
    },
    stop: remove,
  };
}

export interface FaultStats {
  attempts: number;
  injected: number;
  byKind: Record<string, number>;
}

/** A small deterministic PRNG (mulberry32), so a failing chaos run can be replayed with its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Half throttling (DynamoDB ThrottlingException, S3 503 SlowDown), half 500s, as AWS answers them. */
export function faultFor(service: string, pick: number): { kind: string; response: RawFault } {
  const throttle = pick < 0.5;
  if (service === 'DynamoDB') {
    const type = throttle ? 'ThrottlingException' : 'InternalServerError';
    return {
      kind: `DynamoDB ${type}`,
      response: {
        statusCode: throttle ? 400 : 500,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type },
        body: JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${type}`,
          message: 'injected fault',
        }),
      },
    };
  }
  const code = throttle ? 'SlowDown' : 'InternalError';
  return {
    kind: `${service} ${code}`,
    response: {
      statusCode: throttle ? 503 : 500,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected fault</Message><RequestId>ketnap-chaos</RequestId></Error>`,
    },
  };
}

/**
 * Injects faults through a hook: `install(tap)` puts the tap in place and answers its removal; `applies` picks
 * the calls it may fail; `rate` of those fail, as `faultFor` answers. Counts attempts and faults by kind.
 */
export function faultInjector<C extends { service: string }>(
  install: (tap: (call: C) => RawFault | undefined) => () => void,
  applies: (call: C) => boolean,
  rate: number,
  seed = 1,
) {
  const random = prng(seed);
  const stats: FaultStats = { attempts: 0, injected: 0, byKind: {} };
  let enabled = true;
  const remove = install((call) => {
    if (!enabled || !applies(call)) return undefined;
    stats.attempts++;
    if (random() >= rate) return undefined;
    const { kind, response } = faultFor(call.service, random());
    stats.injected++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    return response;
  });
  return {
    stats,
    pause() {
      enabled = false;
    },
    resume() {
      enabled = true;
    },
    stop: remove,
  };
}

/** Makes `rate` of the requests to DynamoDB and S3 fail; the callers' SDK retries see real error responses. */
export function wireFaults(
  taps: WireTaps,
  options: {
    rate: number;
    seed?: number /** callers spared (the driver, which injects its own) */;
    spare?: string[];
  },
) {
  const spare = new Set(options.spare ?? []);
  return faultInjector<WireCall>(
    (tap) => taps.add(tap),
    (call) => !spare.has(call.principal),
    options.rate,
    options.seed,
  );
}

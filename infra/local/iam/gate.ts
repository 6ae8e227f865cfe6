/**
 * The embedded stack's IAM: a registry of principals (access key, secret, identity policies or 'admin') and
 * `authorize`, which every stand-in calls before it acts. Every denial is appended to
 * `<dataDir>/iam-denials.jsonl` (time, principal, action, resource, reason; never a data value) and, when
 * `KETNAP_IAM_DENIALS` names a file (the test runs' report), to that file too.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyDocument, RequestContext } from './evaluate.ts';

type Evaluator = typeof import('./evaluate.ts');

import { WireTaps } from '../wire.ts';

export type { PolicyDocument, PolicyStatement, RequestContext } from './evaluate.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const ADMIN_ACCESS_KEY = 'local';

export interface PrincipalSpec {
  /** Name in logs and denials, e.g. the function's name `ketnap-api`. */
  name: string;
  /** Generated (`AKIA…`) when absent. */
  accessKeyId?: string;
  /** Generated when absent. */
  secretAccessKey?: string;
  /** Identity policies with plain ARNs (the template's tokens resolved), or 'admin' (everything allowed). */
  policies: PolicyDocument[] | 'admin';
  /** Role name for the caller ARN `arn:aws:sts::<account>:assumed-role/<roleName>/<sessionName>`; default name. */
  roleName?: string;
  /** Session name of that ARN (Lambda uses the function name); default name. */
  sessionName?: string;
  /** Caller ARN, overriding the assumed-role ARN built from roleName/sessionName. */
  arn?: string;
}

export interface Principal {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  policies: PolicyDocument[] | 'admin';
  arn: string;
}

export interface Check {
  action: string;
  resource: string;
  /** Condition keys the stand-in supplies for this request (see RequestContext). */
  context?: RequestContext;
}

export type DenialReason =
  | 'implicit'
  | 'explicit'
  | 'not-understood'
  | 'unknown-key'
  | 'signature'
  | 'post-policy';

export type Decision =
  | { allowed: true; principal: Principal }
  | {
      allowed: false;
      principal?: Principal;
      action: string;
      resource: string;
      reason: DenialReason;
      /** AWS's message for the caller (AccessDenied...). */
      message: string;
      /** For the log: why, in full. */
      detail: string;
    };

export interface DenialRecord {
  time: string;
  principal: string;
  action: string;
  resource: string;
  reason: DenialReason;
  detail: string;
}

export function awsDenialMessage(arn: string, action: string, resource: string, explicit: boolean): string {
  return explicit
    ? `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`
    : `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
}

const newKeyId = () => `AKIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`;

export class IamGate {
  /** Taps on the wire after authorization (the bench's counts, the chaos runs' faults): infra/local/wire.ts. */
  readonly wire = new WireTaps();
  private readonly byKey = new Map<string, Principal>();
  private readonly byName = new Map<string, Principal>();
  /** Denials since start. */
  denials = 0;
  readonly logFile: string;
  /** Settles when the policy evaluator is loaded (it loads while the stack boots); awaited by startStack. */
  readonly ready: Promise<void>;
  private ev?: Evaluator;
  private readonly warned = new Set<string>();
  /** Verdicts of condition-free evaluations, per principal (a replaced principal is a new object). */
  private readonly verdicts = new WeakMap<
    Principal,
    { free: Map<string, boolean>; verdicts: Map<string, ReturnType<Evaluator['evaluate']>> }
  >();

  constructor(
    private readonly opts: {
      dataDir: string;
      account?: string;
      region?: string;
      /** Progress/diagnostic lines (the stack's log). */
      log?: (line: string) => void;
      /** Extra report file (default: env KETNAP_IAM_DENIALS). */
      reportFile?: string;
    },
  ) {
    this.logFile = join(opts.dataDir, 'iam-denials.jsonl');
    this.ready = import('./evaluate.ts').then((m) => {
      this.ev = m;
    });
    this.addPrincipal({
      name: 'admin',
      accessKeyId: ADMIN_ACCESS_KEY,
      secretAccessKey: ADMIN_ACCESS_KEY,
      policies: 'admin',
      arn: `arn:aws:iam::${this.account}:root`,
    });
  }

  get account(): string {
    return this.opts.account ?? LOCAL_ACCOUNT;
  }

  get region(): string {
    return this.opts.region ?? 'ap-southeast-1';
  }

  /** Register (or replace, by name) a principal; returns it with its keys. */
  addPrincipal(spec: PrincipalSpec): Principal {
    const old = this.byName.get(spec.name);
    if (old) this.byKey.delete(old.accessKeyId);
    const p: Principal = {
      name: spec.name,
      accessKeyId: spec.accessKeyId ?? newKeyId(),
      secretAccessKey: spec.secretAccessKey ?? randomBytes(30).toString('base64'),
      policies: spec.policies,
      arn:
        spec.arn ??
        `arn:aws:sts::${this.account}:assumed-role/${spec.roleName ?? spec.name}/${spec.sessionName ?? spec.name}`,
    };
    const clash = this.byKey.get(p.accessKeyId);
    if (clash && clash.name !== p.name)
      throw new Error(`access key ${p.accessKeyId} is already ${clash.name}'s`);
    this.byKey.set(p.accessKeyId, p);
    this.byName.set(p.name, p);
    return p;
  }

  removePrincipal(name: string): void {
    const p = this.byName.get(name);
    if (!p) return;
    this.byName.delete(name);
    this.byKey.delete(p.accessKeyId);
  }

  principal(name: string): Principal | undefined {
    return this.byName.get(name);
  }

  principalByKey(accessKeyId: string): Principal | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** The environment a process needs to call the stand-ins as this principal. */
  credentialsEnv(name: string): { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string } {
    const p = this.byName.get(name);
    if (!p) throw new Error(`no principal named ${name}`);
    return { AWS_ACCESS_KEY_ID: p.accessKeyId, AWS_SECRET_ACCESS_KEY: p.secretAccessKey };
  }

  /** Keys every request supplies (besides the service's own). */
  private globalContext(p: Principal): RequestContext {
    const now = new Date();
    return {
      'aws:PrincipalArn': p.arn,
      'aws:PrincipalAccount': this.account,
      'aws:PrincipalType': p.arn.includes(':assumed-role/') ? 'AssumedRole' : 'Account',
      'aws:userid': p.accessKeyId,
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:SecureTransport': 'false',
      'aws:RequestedRegion': this.region,
      'aws:SourceIp': '127.0.0.1',
    };
  }

  /** Authorize one action on some resources (every one must be allowed); see `authorizeAll`. */
  authorize(
    accessKeyId: string,
    action: string,
    resourceArns: string[],
    context: RequestContext = {},
  ): Decision {
    return this.authorizeAll(
      accessKeyId,
      resourceArns.map((resource) => ({ action, resource, context })),
    );
  }

  /** Authorize a request made of several checks (e.g. CopyObject, TransactWriteItems); the first denial wins. */
  authorizeAll(accessKeyId: string, checks: Check[]): Decision {
    const p = this.byKey.get(accessKeyId);
    if (!p) {
      const first = checks[0] ?? { action: '?', resource: '?' };
      return this.deny(
        undefined,
        first.action,
        first.resource,
        'unknown-key',
        'The security token included in the request is invalid.',
        `unknown access key ${accessKeyId.slice(0, 4)}…`,
      );
    }
    return this.authorizePrincipal(p, checks);
  }

  /** As authorizeAll, for a principal known by name (e.g. a state machine's role invoking a function). */
  authorizeAs(name: string, checks: Check[]): Decision {
    const p = this.byName.get(name);
    if (!p) {
      const first = checks[0] ?? { action: '?', resource: '?' };
      return this.deny(
        undefined,
        first.action,
        first.resource,
        'unknown-key',
        `No principal named ${name}`,
        `unknown principal ${name}`,
      );
    }
    return this.authorizePrincipal(p, checks);
  }

  private authorizePrincipal(p: Principal, checks: Check[]): Decision {
    if (p.policies === 'admin') return { allowed: true, principal: p };
    const ev = this.ev;
    if (!ev) throw new Error('the IAM evaluator is still loading: await gate.ready first');
    const global = this.globalContext(p);
    for (const c of checks) {
      const v = this.evaluate(ev, p, p.policies, c, global);
      if (v.result === 'Allowed') continue;
      if (v.result === 'NotUnderstood') {
        // loud: a policy the gate cannot evaluate faithfully is a finding, whatever the log settings
        const line = `[iam] REFUSED ${p.name} ${c.action} on ${c.resource}: ${v.why}`;
        if (this.opts.log) this.opts.log(line);
        if (!this.warned.has(line)) {
          this.warned.add(line);
          process.stderr.write(`${line}\n`);
        }
        return this.deny(
          p,
          c.action,
          c.resource,
          'not-understood',
          awsDenialMessage(p.arn, c.action, c.resource, false),
          v.why,
        );
      }
      const explicit = v.result === 'ExplicitlyDenied';
      return this.deny(
        p,
        c.action,
        c.resource,
        explicit ? 'explicit' : 'implicit',
        awsDenialMessage(p.arn, c.action, c.resource, explicit),
        explicit ? 'explicit deny in an identity-based policy' : 'no identity-based policy allows the action',
      );
    }
    return { allowed: true, principal: p };
  }

  private evaluate(
    ev: Evaluator,
    p: Principal,
    policies: PolicyDocument[],
    c: Check,
    global: RequestContext,
  ): ReturnType<Evaluator['evaluate']> {
    const run = () =>
      ev.evaluate({
        policies,
        principalArn: p.arn,
        account: this.account,
        action: c.action,
        resource: c.resource,
        context: { ...global, ...c.context },
      });
    // a verdict that no condition can change is the same for every request on that action and resource
    let cache = this.verdicts.get(p);
    if (!cache) {
      cache = { free: new Map(), verdicts: new Map() };
      this.verdicts.set(p, cache);
    }
    const key = `${c.action}\n${c.resource}`;
    const hit = cache.verdicts.get(key);
    if (hit) return hit;
    let free = cache.free.get(c.action);
    if (free === undefined) {
      free = ev.conditionFree(policies, c.action);
      cache.free.set(c.action, free);
    }
    const v = run();
    if (free) {
      if (cache.verdicts.size > 20_000) cache.verdicts.clear();
      cache.verdicts.set(key, v);
    }
    return v;
  }

  /** Record a denial decided by a stand-in itself (e.g. a POST policy condition, a bad signature). */
  recordDenial(
    principal: string,
    action: string,
    resource: string,
    reason: DenialReason,
    detail: string,
  ): void {
    this.write({ time: new Date().toISOString(), principal, action, resource, reason, detail });
  }

  private deny(
    p: Principal | undefined,
    action: string,
    resource: string,
    reason: DenialReason,
    message: string,
    detail: string,
  ): Decision {
    this.write({
      time: new Date().toISOString(),
      principal: p?.name ?? '(unknown key)',
      action,
      resource,
      reason,
      detail,
    });
    return { allowed: false, principal: p, action, resource, reason, message, detail };
  }

  private write(rec: DenialRecord): void {
    this.denials++;
    const line = `${JSON.stringify(rec)}\n`;
    try {
      appendFileSync(this.logFile, line, { mode: 0o600 });
    } catch {
      // the data folder is gone (stopping)
    }
    const report = this.opts.reportFile ?? process.env.KETNAP_IAM_DENIALS;
    if (report) {
      try {
        appendFileSync(report, `${JSON.stringify({ ...rec, dataDir: this.opts.dataDir })}\n`, {
          mode: 0o600,
        });
      } catch {
        // report folder gone
      }
    }
  }
}

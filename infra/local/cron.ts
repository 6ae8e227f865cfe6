import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type FunctionResolver, invokeFunction } from './functions.ts';

/** A schedule: a 5-field cron expression (minute hour day-of-month month day-of-week) in a time zone. */
export interface Schedule {
  name: string;
  cron: string;
  timeZone?: string;
  /** Lambda function name invoked with `{ time: ISO }`. */
  target: string;
  /** The role the scheduler assumes to invoke the target (the template's schedules). */
  roleArn?: string;
}

export const DEFAULT_SCHEDULES: Schedule[] = [
  { name: 'ketnap-reminders', cron: '0 7 * * *', timeZone: 'Asia/Ho_Chi_Minh', target: 'ketnap-reminders' },
];

/**
 * The template's EventBridge Scheduler schedules as local ones: `cron(min hour dom month dow year)` becomes the
 * five-field form (`?` = `*`); a rate() or at() expression is refused loudly (ketnap has none).
 */
export function schedulesOf(deployment: {
  schedules: {
    name: string;
    expression: string;
    timeZone: string;
    targetArn: string;
    role: { arn: string };
  }[];
}): Schedule[] {
  return deployment.schedules.map((s) => {
    const m = /^cron\((.+)\)$/.exec(s.expression.trim());
    const fields = m?.[1]?.split(/\s+/);
    if (fields?.length !== 6)
      throw new Error(`schedule ${s.name}: only cron() expressions run locally (${s.expression})`);
    return {
      name: s.name,
      cron: fields
        .slice(0, 5)
        .map((f) => (f === '?' ? '*' : f))
        .join(' '),
      timeZone: s.timeZone,
      target: s.targetArn,
      roleArn: s.role.arn,
    };
  });
}

const MAX_TIMER_MS = 60 * 60 * 1000;

function field(expr: string, min: number, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const [range, stepStr] = part.split('/');
    const step = stepStr ? Number(stepStr) : 1;
    let lo = min;
    let hi = max;
    if (range && range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      lo = Number(a);
      hi = b === undefined ? (stepStr ? max : lo) : Number(b);
    }
    if (
      !Number.isInteger(lo) ||
      !Number.isInteger(hi) ||
      !Number.isInteger(step) ||
      step < 1 ||
      lo < min ||
      hi > max
    ) {
      throw new Error(`Invalid cron field "${expr}"`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export interface ParsedCron {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

export function parseCron(expr: string): ParsedCron {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) throw new Error(`Cron expression needs 5 fields: "${expr}"`);
  const [mi, ho, dm, mo, dw] = f as [string, string, string, string, string];
  const dow = field(dw, 0, 7);
  if (dow.has(7)) dow.add(0);
  return {
    minute: field(mi, 0, 59),
    hour: field(ho, 0, 23),
    dom: field(dm, 1, 31),
    month: field(mo, 1, 12),
    dow,
    domAny: dm === '*' || dm === '?',
    dowAny: dw === '*' || dw === '?',
  };
}

/** Offset of a time zone from UTC at an instant, in minutes. */
function tzOffsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}

function matches(c: ParsedCron, wall: Date): boolean {
  if (
    !c.minute.has(wall.getUTCMinutes()) ||
    !c.hour.has(wall.getUTCHours()) ||
    !c.month.has(wall.getUTCMonth() + 1)
  ) {
    return false;
  }
  const domOk = c.dom.has(wall.getUTCDate());
  const dowOk = c.dow.has(wall.getUTCDay());
  if (c.domAny && c.dowAny) return true;
  if (c.domAny) return dowOk;
  if (c.dowAny) return domOk;
  return domOk || dowOk;
}

/** The first fire time strictly after `after` (or, with direction -1, at or before it). */
export function nextFire(expr: string, timeZone: string, after: number, direction: 1 | -1 = 1): number {
  const c = parseCron(expr);
  let t = Math.floor(after / 60_000) * 60_000;
  if (direction === 1) t += 60_000;
  const limit = 366 * 24 * 60 * 2;
  for (let i = 0; i < limit; i++) {
    const wall = new Date(t + tzOffsetMinutes(timeZone, t) * 60_000);
    if (matches(c, wall)) return t;
    if (!c.hour.has(wall.getUTCHours())) {
      // skip to the next (or previous) hour boundary of the wall clock
      t =
        direction === 1 ? t + (60 - wall.getUTCMinutes()) * 60_000 : t - (wall.getUTCMinutes() + 1) * 60_000;
    } else t += direction * 60_000;
  }
  throw new Error(`Cron expression "${expr}" never fires`);
}

function readState(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

function writeState(file: string, state: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export interface Cron {
  /** Fire every schedule due at the clock's current time (tests call this after moving the clock). */
  tick(): Promise<void>;
  /** Run one schedule (default: the first, the daily job) now, as if its time had come: the same invocation path. */
  runNow(name?: string): Promise<boolean>;
  stop(): void;
}

/**
 * The EventBridge Scheduler stand-in. Remembers each schedule's last fire in `<dataDir>/cron.json`; after a
 * restart it catches up one missed run (the latest one), never more.
 */
export function startCron(opts: {
  dataDir: string;
  resolver: FunctionResolver;
  schedules?: Schedule[];
  now?: () => number;
  log?: (line: string) => void;
  /** The schedule's role must allow lambda:InvokeFunction on its target (throws otherwise). */
  authorizeInvoke?: (roleArn: string, functionArn: string) => void;
}): Cron {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const schedules = opts.schedules ?? DEFAULT_SCHEDULES;
  const file = join(opts.dataDir, 'cron.json');
  const state = readState(file);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const fire = async (s: Schedule, at: number) => {
    state[s.name] = new Date(at).toISOString();
    writeState(file, state);
    try {
      if (s.roleArn) opts.authorizeInvoke?.(s.roleArn, s.target);
      await invokeFunction(opts.resolver, s.target, { time: new Date(at).toISOString() });
      log(`[cron] ${s.name} ran for ${new Date(at).toISOString()}`);
    } catch (err) {
      log(`[cron] ${s.name} failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
  };

  const check = async () => {
    const t = now();
    for (const s of schedules) {
      const tz = s.timeZone ?? 'Asia/Ho_Chi_Minh';
      const last = state[s.name];
      const due = nextFire(s.cron, tz, t, -1);
      if (!last) {
        // first start on this data folder: remember, do not run a past occurrence
        state[s.name] = new Date(t).toISOString();
        writeState(file, state);
      } else if (Date.parse(last) < due) {
        await fire(s, due);
      }
    }
  };

  const arm = () => {
    if (stopped) return;
    const t = now();
    const next = Math.min(...schedules.map((s) => nextFire(s.cron, s.timeZone ?? 'Asia/Ho_Chi_Minh', t)));
    timer = setTimeout(
      () => {
        running = running.then(check).finally(arm);
      },
      Math.max(0, Math.min(next - t, MAX_TIMER_MS)),
    );
    timer.unref();
  };

  running = check().finally(arm);
  return {
    runNow: async (name) => {
      const s = name ? schedules.find((x) => x.name === name) : schedules[0];
      if (!s) return false;
      running = running.then(() => fire(s, now()));
      await running;
      return true;
    },
    tick: () => {
      running = running.then(check);
      return running;
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

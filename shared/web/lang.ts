// Language and dates of the pages: the languages (the request's is picked by Hono's detector, middlewares.ts),
// and dates shown as dd/mm/yyyy in Asia/Ho_Chi_Minh.
import { dateInVietnam } from '../domain/date.ts';
import { LANGS, type Lang } from '../domain/lang.ts';

export { LANGS, type Lang };

const TZ = 'Asia/Ho_Chi_Minh';
const dateFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** dd/mm/yyyy. A plain date `YYYY-MM-DD` is a calendar day (no shift); an instant is shown in Asia/Ho_Chi_Minh. */
export function fmtDate(value: string | Date | undefined | null): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return dateFmt.format(date);
}

/** dd/mm/yyyy hh:mm in Asia/Ho_Chi_Minh. */
export function fmtDateTime(value: string | Date | undefined | null): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return timeFmt.format(date).replace(',', '');
}

/** Today's calendar day in Asia/Ho_Chi_Minh as YYYY-MM-DD. */
export function todayVn(now: Date = new Date()): string {
  // Vietnam keeps UTC+7 all year: the domain's arithmetic, not a new Intl formatter on every call (which cost
  // a page about 0.4 ms of CPU, several times per request)
  return dateInVietnam(now);
}

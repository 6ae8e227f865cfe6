/**
 * Vietnamese lunisolar calendar, after Hồ Ngọc Đức's published algorithm ("Âm lịch Việt Nam"), computed for
 * the time zone UTC+7 (the one Viet Nam's calendar has used since 1968). Julian day numbers are derived from
 * our day numbers, so no Date object in local time is involved.
 */
import { type CalendarDate, fromDayNumber, toDayNumber } from './date.ts';

export const VN_TIME_ZONE = 7;
const JD_OF_1970_01_01 = 2440588;
const INT = Math.floor;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

const jdOf = (d: CalendarDate): number => toDayNumber(d) + JD_OF_1970_01_01;
const dateOfJd = (jd: number): CalendarDate => fromDayNumber(jd - JD_OF_1970_01_01);

/** Julian day of the k-th new moon after 1900-01-01 (Meeus' approximation, as used by Hồ Ngọc Đức). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 -= 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  // Delta T; the branch for T < -11 (before ~800 AD) is irrelevant to this product.
  const deltaT = -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Sun's ecliptic longitude in radians at Julian day `jdn` (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= Math.PI * 2 * INT(L / (Math.PI * 2));
  return L;
}

/** Index 0..11 of the 30° sector the sun is in at local midnight starting day `dayNumber` (a JDN). */
const sunSector = (jdn: number, tz: number): number => INT((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);

const newMoonDay = (k: number, tz: number): number => INT(newMoon(k) + 0.5 + tz / 24);

/** JDN of the first day of the 11th lunar month (the one containing the winter solstice) of year `yy`. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdOf(`${String(yy).padStart(4, '0')}-12-31`) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  if (sunSector(nm, tz) >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** Offset (in months after month 11 starting at a11) of the leap month: the first month with no major term. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

export function solarToLunar(date: CalendarDate, tz: number = VN_TIME_ZONE): LunarDate {
  const dayNumber = jdOf(date);
  const yy = Number(date.slice(0, 4));
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/** The solar date of a lunar date, or null when `leap` is asked for a month that is not leap that year. */
export function lunarToSolar(lunar: LunarDate, tz: number = VN_TIME_ZONE): CalendarDate | null {
  const { day, month, year, leap } = lunar;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  return dateOfJd(newMoonDay(k + off, tz) + day - 1);
}

/** First day of the lunar year (Tết Nguyên Đán, mùng 1 tháng Giêng) that begins in Gregorian year `year`. */
export function tetDate(year: number): CalendarDate {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }) as CalendarDate;
}

/** Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương), 10th day of the 3rd lunar month. */
export function hungKingsDate(year: number): CalendarDate {
  return lunarToSolar({ day: 10, month: 3, year, leap: false }) as CalendarDate;
}

// Demo data (seed.ts): the eighteen demo candidates, each with the stage it waits at (or the outcome it
// reached) and how many days ago it was referred.
import { addDays, addMonths } from '../../shared/domain/date.ts';
import { DEMO_CELLS } from './seed-cells.ts';

/** The step a demo candidate waits at, or the final outcome it reached. */
export type Target =
  | 'course'
  | 'dossier'
  | 'cellVote'
  | 'appraisal'
  | 'decision'
  | 'ceremony'
  | 'biography'
  | 'newMemberCourse'
  | 'probationEnd'
  | 'recognition'
  | 'superior'
  | 'official'
  | 'nameRemoved'
  | 'refused'
  | 'withdrawn';

export type DemoCandidate = {
  key: string;
  cellId: string;
  fullName: string;
  birthDate: string;
  /** days before today of the referral */
  referredDaysAgo: number;
  target: Target;
};

export function demoCandidates(today: string): DemoCandidate[] {
  // the ceremony falls 90 days after the referral (see drive()); probation then lasts 12 months
  const ceremonyAgo = (monthsAndDays: { months: number; days: number }) => {
    const ceremony = addDays(addMonths(today, -monthsAndDays.months), -monthsAndDays.days);
    return Math.round((Date.parse(today) - Date.parse(addDays(ceremony, -90))) / 86_400_000);
  };
  const f = DEMO_CELLS.founding;
  return [
    {
      key: 'd01',
      cellId: f,
      fullName: 'Nguyễn Hồng Quang',
      birthDate: '1995-03-12',
      referredDaysAgo: 10,
      target: 'course',
    },
    {
      key: 'd02',
      cellId: f,
      fullName: 'Trần Thị Mai',
      birthDate: '1998-07-02',
      referredDaysAgo: 35,
      target: 'dossier',
    },
    {
      key: 'd03',
      cellId: f,
      fullName: 'Lê Văn Hùng',
      birthDate: '1992-11-20',
      referredDaysAgo: 57,
      target: 'cellVote',
    },
    {
      key: 'd04',
      cellId: f,
      fullName: 'Phạm Thu Trang',
      birthDate: '1997-01-15',
      referredDaysAgo: 62,
      target: 'decision',
    },
    {
      key: 'd05',
      cellId: f,
      fullName: 'Hoàng Minh Đức',
      birthDate: '1990-05-30',
      referredDaysAgo: 80,
      target: 'ceremony',
    },
    {
      key: 'd06',
      cellId: f,
      fullName: 'Vũ Ngọc Anh',
      birthDate: '1999-09-09',
      referredDaysAgo: 140,
      target: 'biography',
    },
    {
      key: 'd07',
      cellId: f,
      fullName: 'Đặng Quốc Bảo',
      birthDate: '1993-04-04',
      referredDaysAgo: ceremonyAgo({ months: 12, days: 15 }),
      target: 'recognition',
    },
    {
      key: 'd08',
      cellId: f,
      fullName: 'Bùi Thị Hạnh',
      birthDate: '1994-12-01',
      referredDaysAgo: ceremonyAgo({ months: 14, days: 0 }),
      target: 'official',
    },
    {
      key: 'd09',
      cellId: f,
      fullName: 'Đỗ Thanh Tùng',
      birthDate: '1996-02-28',
      referredDaysAgo: 40,
      target: 'withdrawn',
    },
    {
      key: 'd12',
      cellId: f,
      fullName: 'Lý Thị Thanh Hương',
      birthDate: '1997-06-21',
      referredDaysAgo: 150,
      target: 'newMemberCourse',
    },
    {
      // in probation, the 12 months still running
      key: 'd13',
      cellId: f,
      fullName: 'Ngô Quốc Khánh',
      birthDate: '1995-10-03',
      referredDaysAgo: ceremonyAgo({ months: 4, days: 0 }),
      target: 'probationEnd',
    },
    {
      // in probation, the 12 months ended yesterday: the end can be confirmed and recognition voted
      key: 'd14',
      cellId: f,
      fullName: 'Trương Minh Tuấn',
      birthDate: '1992-08-14',
      referredDaysAgo: ceremonyAgo({ months: 12, days: 1 }),
      target: 'probationEnd',
    },
    {
      key: 'd15',
      cellId: f,
      fullName: 'Phan Thị Diệu Linh',
      birthDate: '1993-01-25',
      referredDaysAgo: ceremonyAgo({ months: 14, days: 0 }),
      target: 'superior',
    },
    {
      key: 'd16',
      cellId: f,
      fullName: 'Mạc Văn Thành',
      birthDate: '1991-05-11',
      referredDaysAgo: ceremonyAgo({ months: 14, days: 0 }),
      target: 'nameRemoved',
    },
    {
      key: 'd17',
      cellId: f,
      fullName: 'Tạ Thị Bích Ngọc',
      birthDate: '1996-12-30',
      referredDaysAgo: 85,
      target: 'refused',
    },
    {
      // the second cell has a sub-committee: its dossiers are appraised before the committee decides
      key: 'd18',
      cellId: DEMO_CELLS.second,
      fullName: 'Kiều Văn Phúc',
      birthDate: '1994-04-17',
      referredDaysAgo: 70,
      target: 'appraisal',
    },
    {
      key: 'd10',
      cellId: DEMO_CELLS.second,
      fullName: 'Ngô Văn Long',
      birthDate: '2000-08-18',
      referredDaysAgo: 5,
      target: 'course',
    },
    {
      key: 'd11',
      cellId: DEMO_CELLS.second,
      fullName: 'Dương Thị Lan',
      birthDate: '1991-10-10',
      referredDaysAgo: 70,
      target: 'cellVote',
    },
  ];
}

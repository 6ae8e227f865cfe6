/** Introducers (docs/rules.md#introducers): the path, who may introduce, official at signing, 12 months together. */
import { isAfter, wholeMonthsBetween } from '../date.ts';
import { block, type Finding, warn } from '../findings.ts';
import type { IntroducerPath, Ruleset } from '../ruleset.ts';
import type { Candidate, Introducer, MassOrgIntroducer, MemberIntroducer } from '../types.ts';

const PATH_LABEL: Record<IntroducerPath, { vi: string; en: string }> = {
  two_members: { vi: 'hai đảng viên chính thức', en: 'two official members' },
  youth_union: {
    vi: 'BCH Đoàn cơ sở và một đảng viên chính thức',
    en: 'the Youth Union and one official member',
  },
  trade_union: {
    vi: 'BCH công đoàn cơ sở và một đảng viên chính thức',
    en: 'the trade union and one official member',
  },
};

export function checkIntroducers(
  candidate: Pick<Candidate, 'personId' | 'introducerPath'>,
  introducers: readonly Introducer[],
  ruleset: Ruleset,
): Finding[] {
  const out: Finding[] = [];
  const path = candidate.introducerPath;
  if (!ruleset.introducers.pathsAllowed.includes(path)) {
    out.push(
      block(
        'INTRODUCER_PATH_NOT_ALLOWED',
        `Hình thức giới thiệu «${PATH_LABEL[path].vi}» không được áp dụng`,
        `Introduction by ${PATH_LABEL[path].en} is not allowed`,
        ['introducerPath'],
      ),
    );
  }
  const members = introducers
    .map((intro, index) => ({ intro, index }))
    .filter((x): x is { intro: MemberIntroducer; index: number } => x.intro.kind === 'member');
  const orgs = introducers
    .map((intro, index) => ({ intro, index }))
    .filter((x): x is { intro: MassOrgIntroducer; index: number } => x.intro.kind !== 'member');

  const membersNeeded = path === 'two_members' ? 2 : 1;
  if (members.length < membersNeeded) {
    out.push(
      block(
        'INTRODUCERS_TOO_FEW',
        `Cần ${membersNeeded} đảng viên chính thức giới thiệu, mới có ${members.length}`,
        `Needs ${membersNeeded} introducing official member(s), has ${members.length}`,
        ['introducers'],
      ),
    );
  } else if (members.length > membersNeeded) {
    out.push(
      block(
        'INTRODUCERS_TOO_MANY',
        `Chỉ cần ${membersNeeded} đảng viên giới thiệu, có ${members.length}`,
        `Needs ${membersNeeded} introducing member(s), has ${members.length}`,
        ['introducers'],
      ),
    );
  }
  if (path === 'two_members') {
    for (const { index } of orgs) {
      out.push(
        block(
          'INTRODUCER_MASS_ORG_MISMATCH',
          'Hình thức hai đảng viên giới thiệu không kèm nghị quyết của đoàn thể',
          'The two-member path takes no mass-organisation resolution',
          [`introducers.${index}.kind`],
        ),
      );
    }
  } else {
    const matching = orgs.filter((o) => o.intro.kind === path);
    if (matching.length === 0) {
      out.push(
        block(
          'INTRODUCER_RESOLUTION_MISSING',
          path === 'youth_union'
            ? 'Thiếu nghị quyết giới thiệu của BCH Đoàn cơ sở (4-KNĐ)'
            : 'Thiếu nghị quyết giới thiệu của BCH công đoàn cơ sở (4A-KNĐ)',
          path === 'youth_union'
            ? 'The Youth Union introduction resolution (4-KNĐ) is missing'
            : 'The trade-union introduction resolution (4A-KNĐ) is missing',
          ['introducers'],
        ),
      );
    }
    for (const { intro, index } of orgs) {
      if (intro.kind !== path) {
        out.push(
          block(
            'INTRODUCER_MASS_ORG_MISMATCH',
            'Nghị quyết giới thiệu không đúng tổ chức của hình thức đã chọn',
            'The introduction resolution is from another organisation than the chosen path',
            [`introducers.${index}.kind`],
          ),
        );
      }
    }
    if (path === 'trade_union') {
      out.push(
        warn(
          'INTRODUCER_PATH_TO_CONFIRM',
          'Hình thức công đoàn giới thiệu: đề nghị cấp ủy xác nhận (người quá tuổi đoàn)',
          'Trade-union path: ask the committee to confirm it applies (candidate past Youth Union age)',
          ['introducerPath'],
        ),
      );
    }
  }

  const seen = new Set<string>();
  for (const { intro, index } of members) {
    const f = (name: string) => `introducers.${index}.${name}`;
    if (seen.has(intro.personId)) {
      out.push(
        block('INTRODUCER_DUPLICATE', 'Một người giới thiệu hai lần', 'The same member introduces twice', [
          f('personId'),
        ]),
      );
    }
    seen.add(intro.personId);
    if (intro.personId === candidate.personId) {
      out.push(
        block(
          'INTRODUCER_IS_CANDIDATE',
          'Người giới thiệu không thể là chính người vào Đảng',
          'An introducer cannot be the candidate',
          [f('personId')],
        ),
      );
    }
    if (intro.status === 'probationary') {
      out.push(
        block(
          'INTRODUCER_PROBATIONARY',
          `${intro.fullName} là đảng viên dự bị, không được giới thiệu người vào Đảng`,
          `${intro.fullName} is a probationary member and cannot introduce`,
          [f('status')],
        ),
      );
    } else if (!intro.officialSince || isAfter(intro.officialSince, intro.signedOn)) {
      out.push(
        block(
          'INTRODUCER_NOT_OFFICIAL_AT_SIGNING',
          `${intro.fullName} chưa là đảng viên chính thức vào ngày ký giấy giới thiệu`,
          `${intro.fullName} was not an official member on the date of signing`,
          [f('officialSince'), f('signedOn')],
        ),
      );
    }
    if (!intro.replacement) {
      if (!intro.sameUnit) {
        out.push(
          block(
            'INTRODUCER_NOT_SAME_UNIT',
            `${intro.fullName} không cùng đơn vị với người vào Đảng`,
            `${intro.fullName} is not in the same unit as the candidate`,
            [f('sameUnit')],
          ),
        );
      }
      const months = isAfter(intro.togetherSince, intro.signedOn)
        ? -1
        : wholeMonthsBetween(intro.togetherSince, intro.signedOn);
      const need = ruleset.introducers.togetherMonths;
      if (months < need) {
        out.push(
          block(
            'INTRODUCER_TOGETHER_TOO_SHORT',
            `${intro.fullName} mới cùng công tác với người vào Đảng ${Math.max(months, 0)} tháng (cần ít nhất ${need} tháng)`,
            `${intro.fullName} has been with the candidate ${Math.max(months, 0)} months (at least ${need} needed)`,
            [f('togetherSince'), f('signedOn')],
          ),
        );
      }
    }
  }
  return out;
}

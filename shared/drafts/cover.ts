/**
 * The dossier's cover sheet (bìa hồ sơ) and list of documents (mục lục), in the order the committee files them:
 * the ruleset's checklist of the phase the candidate is in (docs/rules.md#dossier), each line with its form
 * code, its date (from the records: the vote, the decision, the certificates; else the scan's signing date) and
 * whether the dossier holds it.
 */
import { type ISectionOptions, PageBreak, Paragraph } from 'docx';
import { type CandidateView, type DocumentView, FINAL_STAGES } from '../app/types.ts';
import { FORM_TITLES } from '../domain/forms.ts';
import { type ChecklistItem, type ChecklistStage, type FormCode, rulesetById } from '../domain/ruleset.ts';
import { lastRecognitionRound } from './catalogue.ts';
import { body, columns, fact, grid, PT, para, section, TEXT_WIDTH } from './layout.ts';
import { cellOf } from './parts.ts';
import { BLANK, BLANK_LINE, cellName, type DraftRecord, partyDate, shortDate, upper } from './record.ts';

interface Line {
  name: string;
  form: string;
  date: string | undefined;
  /** "Đã có" (its signed scan is in the dossier), "Chưa có", or how it is filed */
  note: string;
}

const recognitionPhase = (c: CandidateView) =>
  !!c.ceremonyOn && c.stage !== 'WITHDRAWN' && c.stage !== 'REFUSED';

function stageOf(c: CandidateView): ChecklistStage {
  if (recognitionPhase(c)) return c.stage === 'OFFICIAL' ? 'official' : 'recognition_submit_up';
  return c.decision?.decision === 'approve' ? 'ceremony' : 'submit_up';
}

function applies(item: ChecklistItem, rec: DraftRecord): boolean {
  const path = rec.candidate.introduction.path;
  switch (item.when) {
    case 'always':
    case 'per_member_introducer':
      return true;
    case 'path_trade_union':
      return path === 'union-plus-member';
    case 'path_youth_union':
      return false;
    case 'has_subcommittee':
      return rec.cell.hasSubCommittee === true;
    case 'has_grassroots_committee':
      return rec.cell.hasGrassrootsCommittee === true;
  }
}

/** The date the records give a form (a fact ketnap recorded), before any uploaded scan's. */
function recordedDate(form: FormCode, c: CandidateView): string | undefined {
  const round = lastRecognitionRound(c);
  switch (form) {
    case 'CN-NTVĐ':
      return c.course?.issuedOn;
    case '6-KNĐ':
      return c.cellVote?.passed ? c.cellVote.meetingOn : undefined;
    case '7-KNĐ':
      return c.appraisal?.appraisedOn;
    case '9-KNĐ':
      return c.decision?.decision === 'approve' ? c.decision.decidedOn : undefined;
    case 'CN-ĐVM':
      return c.newMemberCourse?.issuedOn;
    case '13-KNĐ':
      return round?.passed && round.motion !== 'remove' ? round.meetingOn : undefined;
    default:
      return undefined;
  }
}

const HELD = 'Đã có';
const MISSING = 'Chưa có';

const docDate = (d: DocumentView | undefined) => d?.signedOn ?? d?.uploadedAt?.slice(0, 10);

function lines(rec: DraftRecord): Line[] {
  const c = rec.candidate;
  const docs = (form: string) =>
    rec.documents.filter((d) => d.formCode === form).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
  const out: Line[] = [];
  for (const item of rulesetById(c.rulesetId).checklists[stageOf(c)]) {
    if (!applies(item, rec)) continue;
    const mine = docs(item.form);
    const name = FORM_TITLES[item.form].vi;
    if (item.when === 'per_member_introducer') {
      const members = c.introduction.path === 'two-members' ? 2 : 1;
      for (let i = 0; i < members; i++) {
        const who = c.introducers?.[i];
        const doc =
          (who && mine.find((d) => d.introducerMemberId === who.memberId)) ||
          mine.filter((d) => !d.introducerMemberId)[i];
        out.push({
          name: `${name}${who ? ` (đồng chí ${who.fullName})` : ''}`,
          form: item.form,
          date: docDate(doc),
          note: doc ? HELD : MISSING,
        });
      }
      continue;
    }
    const recorded = recordedDate(item.form, c);
    out.push({
      name,
      form: item.form,
      date: recorded ?? docDate(mine[0]),
      note: mine.length > 0 ? HELD : MISSING,
    });
    // the minutes of the cell meeting are filed with its resolution
    if (item.form === '6-KNĐ' || item.form === '13-KNĐ') {
      const meeting = item.form === '6-KNĐ' ? c.cellVote : lastRecognitionRound(c);
      out.push({
        name: 'Biên bản họp chi bộ',
        form: BLANK,
        date: meeting?.meetingOn,
        note: `Kèm ${item.form}`,
      });
    }
  }
  return out;
}

/** Bìa hồ sơ and mục lục: the cover page, then the list of documents on its own page. */
export function coverSheet(rec: DraftRecord): ISectionOptions[] {
  const c = rec.candidate;
  const recognition = recognitionPhase(c);
  const list = lines(rec);
  const intro = c.introducers?.map((i) => i.fullName).join(', ');
  const left = Math.round(TEXT_WIDTH * 0.45);
  const W = [600, 4000, 1300, 1350, 650, TEXT_WIDTH - 600 - 4000 - 1300 - 1350 - 650];
  return [
    section([
      columns([
        {
          width: left,
          children: [
            para(`ĐẢNG BỘ ${BLANK_LINE}`, { align: 'center' }),
            para(upper(cellName(rec.cell)), { align: 'center', bold: true }),
            para('*', { align: 'center' }),
          ],
        },
        {
          width: TEXT_WIDTH - left,
          children: [
            para('ĐẢNG CỘNG SẢN VIỆT NAM', {
              align: 'center',
              bold: true,
              underline: true,
              size: PT.partyName,
            }),
          ],
        },
      ]),
      para('', { after: 120 }),
      para('HỒ SƠ', { align: 'center', bold: true, size: 26 }),
      para(recognition ? 'ĐỀ NGHỊ CÔNG NHẬN ĐẢNG VIÊN CHÍNH THỨC' : 'ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN', {
        align: 'center',
        bold: true,
        size: 18,
        after: 48,
      }),
      body(fact('Họ và tên: ', c.fullName), { indent: 20 }),
      body(fact('Ngày sinh: ', shortDate(c.birthDate)), { indent: 20 }),
      body(fact('Chi bộ: ', cellOf(rec)), { indent: 20 }),
      body(
        fact(
          c.introduction.path === 'two-members'
            ? 'Đảng viên giới thiệu: '
            : 'Giới thiệu: BCH công đoàn cơ sở và đồng chí ',
          intro || BLANK_LINE,
        ),
        { indent: 20 },
      ),
      ...(c.cellVote
        ? [
            body(
              fact(
                'Chi bộ xét, đề nghị kết nạp: ',
                partyDate(c.cellVote.meetingOn),
                ` (${c.cellVote.yes}/${c.cellVote.denominator} đảng viên chính thức tán thành)`,
              ),
              { indent: 20 },
            ),
          ]
        : []),
      ...(c.ceremonyOn ? [body(fact('Kết nạp vào Đảng: ', partyDate(c.ceremonyOn)), { indent: 20 })] : []),
      ...(recognition && c.probationEndsOn
        ? [body(fact('Hết thời hạn dự bị: ', partyDate(c.probationEndsOn)), { indent: 20 })]
        : []),
      body(fact('Mã hồ sơ: ', c.id), { indent: 20 }),
      body(fact('Hồ sơ gồm: ', `${list.length} tài liệu`, ' (mục lục kèm theo).'), { indent: 20 }),
      ...(FINAL_STAGES.includes(c.stage) && c.stage !== 'OFFICIAL'
        ? [body('Hồ sơ đã kết thúc; lưu tại chi bộ.', { italics: true, indent: 20 })]
        : []),
      new Paragraph({ children: [new PageBreak()] }),
      para('MỤC LỤC TÀI LIỆU TRONG HỒ SƠ', { align: 'center', bold: true, size: PT.title, after: 6 }),
      para(`${recognition ? 'Đảng viên dự bị' : 'Quần chúng'}: ${c.fullName} — ${cellOf(rec)}`, {
        align: 'center',
        italics: true,
        after: 12,
      }),
      grid(
        W,
        ['STT', 'Tên tài liệu', 'Mẫu', 'Ngày', 'Số tờ', 'Ghi chú'],
        list.map((l, i) => [String(i + 1), l.name, l.form, shortDate(l.date), '', l.note]),
      ),
      para(
        'Ghi chú: tài liệu "Chưa có" là tài liệu chi bộ chưa tải bản đã ký lên ketnap; bổ sung trước khi gửi hồ sơ.',
        { italics: true, size: PT.note, before: 6 },
      ),
    ]),
  ];
}

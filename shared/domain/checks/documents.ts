/**
 * Documents: course certificate validity (docs/rules.md#certificate), staleness (#staleness), order
 * (#document-order), and the checklist of the dossier per ruleset and stage (#dossier).
 */
import { type CalendarDate, compareDates, daysBetween, isAfter } from '../date.ts';
import { certificateValidUntil, documentFreshUntil } from '../deadlines.ts';
import { block, type Finding, viDate, warn } from '../findings.ts';
import { FORM_TITLES } from '../forms.ts';
import type { ChecklistItem, ChecklistStage, FormCode, Ruleset } from '../ruleset.ts';
import type { CourseCertificate, Dossier, DossierDocument } from '../types.ts';

/** The most recently issued certificate of a kind. */
export function latestCertificate(
  certs: readonly CourseCertificate[],
  kind: CourseCertificate['kind'],
): CourseCertificate | undefined {
  return certs.filter((c) => c.kind === kind).sort((a, b) => compareDates(b.issuedOn, a.issuedOn))[0];
}

/** The awareness-course certificate on the date of the cell's vote: present, issued before, ≤ 60 months old. */
export function checkCertificate(
  cert: CourseCertificate | undefined,
  voteDate: CalendarDate,
  ruleset: Ruleset,
): Finding[] {
  if (!cert) {
    return [
      block(
        'CERTIFICATE_MISSING',
        'Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng',
        'No awareness-course certificate',
        ['certificates'],
      ),
    ];
  }
  if (isAfter(cert.issuedOn, voteDate)) {
    return [
      block(
        'CERTIFICATE_AFTER_VOTE',
        `Giấy chứng nhận cấp ngày ${viDate(cert.issuedOn)}, sau ngày chi bộ xét`,
        `The certificate was issued on ${cert.issuedOn}, after the cell's vote`,
        ['certificates.issuedOn'],
      ),
    ];
  }
  const until = certificateValidUntil(cert.issuedOn, ruleset);
  const months = ruleset.certificate.validityMonths;
  if (isAfter(voteDate, until)) {
    return [
      block(
        'CERTIFICATE_EXPIRED',
        `Giấy chứng nhận quá ${months} tháng (hết hạn ${viDate(until)}): phải học lại lớp nhận thức về Đảng trước khi chi bộ xét`,
        `The certificate is older than ${months} months (valid until ${until}): the candidate must redo the course before the cell votes`,
        ['certificates.issuedOn'],
      ),
    ];
  }
  if (daysBetween(voteDate, until) <= ruleset.documentStaleness.warnDaysBefore) {
    return [
      warn(
        'CERTIFICATE_EXPIRING',
        `Giấy chứng nhận sắp hết hạn (${viDate(until)})`,
        `The certificate expires soon (${until})`,
        ['certificates.issuedOn'],
      ),
    ];
  }
  return [];
}

/**
 * The field a document finding names: 'documents.<form>' ('documents.3-KNĐ.<introducer>' for letters), so
 * `field.split('.')[1]` is always the form code.
 */
export const formField = (form: FormCode, introducerPersonId?: string): string =>
  `documents.${form}${introducerPersonId ? `.${introducerPersonId}` : ''}`;
const docField = (d: DossierDocument): string => formField(d.form, d.introducerPersonId);

const live = (docs: readonly DossierDocument[]): DossierDocument[] =>
  docs.filter((d) => d.state !== 'withdrawn');

/** Introduction letters, mass-org resolution and comments summary older than 12 months (configurable). */
export function checkStaleness(
  documents: readonly DossierDocument[],
  asOf: CalendarDate,
  ruleset: Ruleset,
): Finding[] {
  const out: Finding[] = [];
  const cfg = ruleset.documentStaleness;
  for (const doc of live(documents)) {
    if (!cfg.forms.includes(doc.form)) continue;
    const until = documentFreshUntil(doc.signedOn, ruleset);
    const title = FORM_TITLES[doc.form];
    const field = docField(doc);
    if (isAfter(asOf, until)) {
      out.push(
        block(
          'DOC_STALE',
          `${doc.form} (${title.vi}) đã quá ${cfg.months} tháng (đến ${viDate(until)}): cần làm lại`,
          `${doc.form} (${title.en}) is older than ${cfg.months} months (until ${until}): redo it`,
          [field],
        ),
      );
    } else if (daysBetween(asOf, until) <= cfg.warnDaysBefore) {
      out.push(
        warn(
          'DOC_STALE_SOON',
          `${doc.form} (${title.vi}) sắp quá ${cfg.months} tháng (${viDate(until)})`,
          `${doc.form} (${title.en}) goes stale on ${until}`,
          [field],
        ),
      );
    }
  }
  return out;
}

/**
 * Rank of each form in the order the procedure produces them. Forms of equal rank have no order between
 * them; 1-KNĐ before 2-KNĐ is checked on its own.
 */
const ORDER_RANK: Partial<Record<FormCode, number>> = {
  '1-KNĐ': 0,
  '2-KNĐ': 0,
  '3-KNĐ': 0,
  '4-KNĐ': 0,
  '4A-KNĐ': 0,
  '5-KNĐ': 0,
  '6-KNĐ': 1,
  '7-KNĐ': 2,
  '8-KNĐ': 3,
  '9-KNĐ': 4,
  '10-KNĐ': 5,
  '11-KNĐ': 5,
  '12-KNĐ': 5,
  '13-KNĐ': 6,
  '14-KNĐ': 7,
  '15-KNĐ': 8,
  '16-KNĐ': 9,
};

/** Documents dated out of the procedure's order. */
export function checkDocumentOrder(documents: readonly DossierDocument[]): Finding[] {
  const out: Finding[] = [];
  const docs = live(documents);
  const applications = docs.filter((d) => d.form === '1-KNĐ');
  const biographies = docs.filter((d) => d.form === '2-KNĐ');
  for (const a of applications) {
    for (const b of biographies) {
      if (isAfter(a.signedOn, b.signedOn)) {
        out.push(
          block(
            'DOC_APPLICATION_AFTER_BIOGRAPHY',
            `Đơn xin vào Đảng (${viDate(a.signedOn)}) phải có trước lý lịch (${viDate(b.signedOn)})`,
            `The application (${a.signedOn}) must be dated no later than the biography (${b.signedOn})`,
            [docField(a), docField(b)],
          ),
        );
      }
    }
  }
  for (const a of docs) {
    const ra = ORDER_RANK[a.form];
    if (ra === undefined) continue;
    for (const b of docs) {
      const rb = ORDER_RANK[b.form];
      if (rb === undefined || ra >= rb || !isAfter(a.signedOn, b.signedOn)) continue;
      out.push(
        block(
          'DOC_OUT_OF_ORDER',
          `${a.form} (${viDate(a.signedOn)}) phải có trước ${b.form} (${viDate(b.signedOn)})`,
          `${a.form} (${a.signedOn}) must come before ${b.form} (${b.signedOn})`,
          [docField(a), docField(b)],
        ),
      );
    }
  }
  const resolutions = docs.filter((d) => d.form === '6-KNĐ');
  for (const bio of biographies) {
    const certified = bio.verification?.certifiedOn;
    for (const r of resolutions) {
      if (certified && isAfter(certified, r.signedOn)) {
        out.push(
          block(
            'DOC_VERIFICATION_AFTER_VOTE',
            'Lý lịch phải được thẩm tra và chứng nhận trước khi chi bộ xét',
            'The biography must be verified and certified before the cell votes',
            [`${docField(bio)}.verification`],
          ),
        );
      }
    }
  }
  return out;
}

export type ChecklistEntryStatus = 'ok' | 'missing' | 'unsigned' | 'unverified';

export interface ChecklistEntry {
  form: FormCode;
  title: { vi: string; en: string };
  /** For 3-KNĐ: the introducer the letter is from, and their name (what a person reads). */
  introducerPersonId?: string;
  introducerName?: string;
  status: ChecklistEntryStatus;
  document?: DossierDocument;
}

function applies(item: ChecklistItem, dossier: Dossier): boolean {
  switch (item.when) {
    case 'always':
    case 'per_member_introducer':
      return true;
    case 'path_youth_union':
      return dossier.candidate.introducerPath === 'youth_union';
    case 'path_trade_union':
      return dossier.candidate.introducerPath === 'trade_union';
    case 'has_subcommittee':
      return dossier.org.hasSubcommittee;
    case 'has_grassroots_committee':
      return dossier.org.hasGrassrootsCommittee;
  }
}

const CERT_FORMS: Partial<Record<FormCode, CourseCertificate['kind']>> = {
  'CN-NTVĐ': 'awareness',
  'CN-ĐVM': 'new_member',
};

/** The required documents of a stage and whether each is there (for the dossier screen). */
export function checklistItems(
  dossier: Dossier,
  stage: ChecklistStage,
  asOf: CalendarDate,
  ruleset: Ruleset,
): ChecklistEntry[] {
  const out: ChecklistEntry[] = [];
  const docs = live(dossier.documents).filter((d) => !isAfter(d.signedOn, asOf));
  const status = (item: ChecklistItem, doc: DossierDocument | undefined): ChecklistEntryStatus => {
    if (!doc) return 'missing';
    if (doc.state !== 'signed') return 'unsigned';
    if (item.requiresVerification) {
      const c = doc.verification?.certifiedOn;
      if (!c || isAfter(c, asOf)) return 'unverified';
    }
    return 'ok';
  };
  const pick = (cands: DossierDocument[]): DossierDocument | undefined =>
    cands.find((d) => d.state === 'signed') ?? cands[0];
  for (const item of ruleset.checklists[stage]) {
    if (!applies(item, dossier)) continue;
    const title = FORM_TITLES[item.form];
    if (item.when === 'per_member_introducer') {
      for (const intro of dossier.introducers) {
        if (intro.kind !== 'member') continue;
        const doc = pick(docs.filter((d) => d.form === item.form && d.introducerPersonId === intro.personId));
        out.push({
          form: item.form,
          title,
          introducerPersonId: intro.personId,
          introducerName: intro.fullName,
          status: status(item, doc),
          document: doc,
        });
      }
      continue;
    }
    const certKind = CERT_FORMS[item.form];
    if (certKind) {
      const cert = dossier.certificates.some((c) => c.kind === certKind && !isAfter(c.issuedOn, asOf));
      const doc = pick(docs.filter((d) => d.form === item.form));
      out.push({ form: item.form, title, status: cert ? 'ok' : status(item, doc), document: doc });
      continue;
    }
    const doc = pick(docs.filter((d) => d.form === item.form));
    out.push({ form: item.form, title, status: status(item, doc), document: doc });
  }
  return out;
}

const STATUS_TEXT: Record<Exclude<ChecklistEntryStatus, 'ok'>, { code: string; vi: string; en: string }> = {
  missing: { code: 'DOC_MISSING', vi: 'Thiếu', en: 'Missing' },
  unsigned: { code: 'DOC_NOT_SIGNED', vi: 'Chưa ký', en: 'Not signed' },
  unverified: {
    code: 'DOC_VERIFICATION_INCOMPLETE',
    vi: 'Chưa thẩm tra, chứng nhận xong',
    en: 'Verification not completed and certified',
  },
};

/**
 * The dossier checklist at a stage: what is missing, unsigned or unverified; at the cell vote also what has
 * expired (certificate) or gone stale; at every stage what is out of order.
 */
export function checkChecklist(
  dossier: Dossier,
  stage: ChecklistStage,
  asOf: CalendarDate,
  ruleset: Ruleset,
): Finding[] {
  const out: Finding[] = [];
  for (const e of checklistItems(dossier, stage, asOf, ruleset)) {
    if (e.status === 'ok') continue;
    const s = STATUS_TEXT[e.status];
    const who = e.introducerName ? ` của đồng chí ${e.introducerName}` : '';
    const whoEn = e.introducerName ? ` from ${e.introducerName}` : '';
    out.push(
      block(s.code, `${s.vi}: ${e.form} ${e.title.vi}${who}`, `${s.en}: ${e.form} ${e.title.en}${whoEn}`, [
        formField(e.form, e.introducerPersonId),
      ]),
    );
  }
  if (stage === 'cell_vote') {
    const cert = latestCertificate(
      dossier.certificates.filter((c) => !isAfter(c.issuedOn, asOf)),
      'awareness',
    );
    if (cert) out.push(...checkCertificate(cert, asOf, ruleset));
    out.push(
      ...checkStaleness(
        dossier.documents.filter((d) => !isAfter(d.signedOn, asOf)),
        asOf,
        ruleset,
      ),
    );
  }
  out.push(...checkDocumentOrder(dossier.documents));
  return out;
}

/** The two dossiers of the procedure: admission (before the ceremony) and recognition (during probation). */
export type DossierPhase = 'admission' | 'recognition';

const PHASE_CHECKLISTS: Record<DossierPhase, readonly ChecklistStage[]> = {
  admission: ['cell_vote', 'submit_up', 'ceremony'],
  recognition: ['recognition_vote', 'recognition_submit_up', 'official'],
};

/**
 * The forms that belong to a phase's dossier, per the ruleset's checklists (docs/rules.md#dossier), in checklist order. The
 * admission decision (9-KNĐ) and the course certificates belong where the ruleset lists them (9-KNĐ in both).
 */
export function phaseForms(ruleset: Ruleset, phase: DossierPhase): FormCode[] {
  const out: FormCode[] = [];
  for (const stage of PHASE_CHECKLISTS[phase]) {
    for (const item of ruleset.checklists[stage]) if (!out.includes(item.form)) out.push(item.form);
  }
  return out;
}

/** Relatives whose record must be verified (thẩm tra lý lịch), per the ruleset's setting. */
export function relativesToVerify<T extends { isPartyMember: boolean }>(
  relatives: readonly T[],
  ruleset: Ruleset,
): T[] {
  return ruleset.verification.relativesWhoAreMembersNeedVerification
    ? [...relatives]
    : relatives.filter((r) => !r.isPartyMember);
}

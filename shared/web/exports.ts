// Exports: the cell's register (CSV, XLSX) and a candidate's whole dossier (ZIP).
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { presignExport, putExport } from '../adapters/documents.ts';
import { userNames } from '../adapters/reads.ts';
import * as app from '../app/index.ts';
import type { CandidateView } from '../app/types.ts';
import { translator } from '../i18n/index.ts';
import type { WebActor } from './auth.ts';
import { HttpError } from './http.ts';
import { fmtDate, fmtDateTime, type Lang } from './lang.ts';
import { cellCandidates, toActor } from './ops.ts';
import { timelineLines } from './timeline.ts';

function columns(lang: Lang) {
  const t = translator(lang);
  return [
    { key: 'no', header: t('export.no') },
    { key: 'fullName', header: t('list.name') },
    { key: 'birthDate', header: t('list.dob') },
    { key: 'referredOn', header: t('cand.referredOn') },
    { key: 'stage', header: t('list.stage') },
    { key: 'stageSince', header: t('export.stageSince') },
    { key: 'certificateNo', header: t('course.certificateNo') },
    { key: 'vote', header: t('vote.title') },
    { key: 'ceremonyOn', header: t('ceremony.date') },
    { key: 'id', header: t('export.id') },
  ] as const;
}

function rows(cands: CandidateView[], lang: Lang): Record<string, string | number>[] {
  const t = translator(lang);
  return cands
    .slice()
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'))
    .map((c, i) => ({
      no: i + 1,
      fullName: c.fullName,
      birthDate: fmtDate(c.birthDate),
      referredOn: fmtDate(c.referredOn),
      stage: t.dyn(`stage.${c.stage}`, c.stage),
      stageSince: fmtDate(c.stageSince),
      certificateNo: c.course?.certificateNo ?? '',
      vote: c.cellVote ? `${c.cellVote.yes}/${c.cellVote.denominator}` : '',
      ceremonyOn: fmtDate(c.ceremonyOn),
      id: c.id,
    }));
}

/** Neutralise spreadsheet formulas in user-entered text (CSV injection). */
function cellText(v: string | number): string {
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export async function registerCsv(actor: WebActor, cellId: string, lang: Lang): Promise<string> {
  const cands = await cellCandidates(actor, cellId, {});
  const cols = columns(lang);
  const quote = (v: string | number) => `"${cellText(v).replace(/"/g, '""')}"`;
  const lines = [cols.map((c) => quote(c.header)).join(',')];
  for (const r of rows(cands, lang)) lines.push(cols.map((c) => quote(r[c.key] ?? '')).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function registerXlsx(actor: WebActor, cellId: string, lang: Lang): Promise<Buffer> {
  const cands = await cellCandidates(actor, cellId, {});
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ketnap';
  const ws = wb.addWorksheet(translator(lang)('export.sheet'));
  ws.columns = columns(lang).map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'fullName' ? 30 : 16,
  }));
  ws.getRow(1).font = { bold: true };
  // dates as dates (a spreadsheet sorts and filters them), shown dd/mm/yyyy
  const sorted = cands.slice().sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  const asDate = (d: string | undefined) => (d ? new Date(`${d.slice(0, 10)}T00:00:00Z`) : '');
  rows(cands, lang).forEach((r, i) => {
    const c = sorted[i] as CandidateView;
    const row = ws.addRow({
      ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v : cellText(v)])),
      birthDate: asDate(c.birthDate),
      referredOn: asDate(c.referredOn),
      stageSince: asDate(c.stageSince),
      ceremonyOn: asDate(c.ceremonyOn),
    });
    for (const key of ['birthDate', 'referredOn', 'stageSince', 'ceremonyOn'])
      row.getCell(key).numFmt = 'dd/mm/yyyy';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The most document bytes one dossier ZIP carries (it is built in the function's memory). */
export const MAX_DOSSIER_ZIP_BYTES = 200 * 1024 * 1024;

export async function candidateZip(actor: WebActor, cand: CandidateView, lang: Lang): Promise<Buffer> {
  const a = toActor(actor);
  const [docs, events] = await Promise.all([app.listDocuments(a, cand.id), app.timeline(a, cand.id)]);
  const total = docs.reduce((n, d) => n + d.size, 0);
  if (total > MAX_DOSSIER_ZIP_BYTES) {
    const mb = Math.round(MAX_DOSSIER_ZIP_BYTES / 1048576);
    throw new HttpError(413, 'payload_too_large', {
      message: translator(lang)('export.zipTooLarge', { mb }),
    });
  }
  const zip = new JSZip();
  const t = translator(lang);
  zip.file('ho-so.json', JSON.stringify({ candidate: cand, documents: docs }, null, 2));
  // the timeline as the page shows it: the Party's words, who did it, which form and file
  const names = await userNames(events.map((e) => e.actorId));
  const head = (['at', 'what', 'about', 'stageTo', 'who'] as const).map((c) => t(`export.timeline.${c}`));
  zip.file(
    'dien-bien.csv',
    `\uFEFF${[
      head.map((v) => `"${v}"`).join(','),
      ...timelineLines(t, events, names).map((l) =>
        [fmtDateTime(l.at), l.what, l.about, l.stageTo, l.who]
          .map((v) => `"${cellText(v).replace(/"/g, '""')}"`)
          .join(','),
      ),
    ].join('\r\n')}\r\n`,
  );
  for (const d of docs) {
    const { url } = await app.presignDownload(a, cand.id, d.docId);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`document fetch failed: ${res.status}`);
    const safeName = d.fileName.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 100);
    zip.file(`${d.formCode}/${d.docId}-${safeName}`, new Uint8Array(await res.arrayBuffer()));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Put a generated file in the bucket (under exports/, by cell) and answer a five-minute download link. */
export async function largeDownload(cellId: string, fileName: string, body: Buffer): Promise<string> {
  const key = `exports/${cellId}/${Date.now()}-${fileName}`;
  await putExport(key, body, 'application/zip');
  return presignExport(key, fileName, { contentType: 'application/zip' });
}

/**
 * The layout of a Party document (Hướng dẫn 36-HD/VPTW, docs/rules.md#document-layout), shared by every paper:
 * A4 with its margins, Times New Roman in every script, the issuing body at top left with its number and
 * symbol, "ĐẢNG CỘNG SẢN VIỆT NAM" at top right with the place and date line below it, the title, the body,
 * the recipients and the signature block. Builders compose these; none sets a font or a size of its own.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  type ISectionOptions,
  LeaderType,
  LineRuleType,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { BLANK, BLANK_LINE, cellName, type DraftCell, docNumber, partyDate, upper } from './record.ts';

const MM = 56.7; // twips per millimetre
const twips = (mm: number) => Math.round(mm * MM);
/** A4 portrait; margins top 20, bottom 20, left 30, right 15 mm (36-HD/VPTW). */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: twips(20), bottom: twips(20), left: twips(30), right: twips(15) },
};
/** the writing width: 210 − 30 − 15 = 165 mm */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

const FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
  eastAsia: 'Times New Roman',
};
/** sizes in points */
export const PT = { body: 14, partyName: 15, title: 15, small: 12, note: 11 } as const;

export type Block = Paragraph | Table;

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

export const run = (text: string, s: RunStyle = {}): TextRun =>
  new TextRun({
    text,
    font: FONT,
    size: (s.size ?? PT.body) * 2,
    ...(s.bold ? { bold: true } : {}),
    ...(s.italics ? { italics: true } : {}),
    ...(s.underline ? { underline: {} } : {}),
    language: { value: 'vi-VN' },
  });

export interface ParaStyle extends RunStyle {
  align?: 'left' | 'center' | 'right' | 'justify';
  /** first-line indent in mm (body paragraphs: 10 mm) */
  indent?: number;
  before?: number;
  after?: number;
  keepNext?: boolean;
}

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const;

/** A paragraph of runs, or of one text in one style. */
export function para(content: string | TextRun[], s: ParaStyle = {}): Paragraph {
  const children = typeof content === 'string' ? [run(content, s)] : content;
  return new Paragraph({
    children,
    alignment: ALIGN[s.align ?? 'left'],
    spacing: {
      before: (s.before ?? 0) * 20,
      after: (s.after ?? 0) * 20,
      line: 240,
      lineRule: LineRuleType.AUTO,
    },
    ...(s.indent ? { indent: { firstLine: twips(s.indent) } } : {}),
    ...(s.keepNext ? { keepNext: true } : {}),
  });
}

/** A body paragraph: justified, first line indented 10 mm, 6 pt after. */
export const body = (content: string | TextRun[], s: ParaStyle = {}): Paragraph =>
  para(content, { align: 'justify', indent: 10, after: 3, ...s });

/**
 * A line to write on by hand: each label is followed by a dotted leader up to its stop (a fraction of the
 * writing width), as on the Party's printed forms. `dotted([['Chủ trì: đồng chí ', 0.6], ['chức vụ: ', 1]])`.
 */
export function dotted(segments: [label: string, until: number][], s: ParaStyle = {}): Paragraph {
  const children: TextRun[] = [];
  for (const [label, _] of segments) {
    if (label) children.push(run(label, s));
    children.push(new TextRun({ children: [new Tab()], font: FONT, size: (s.size ?? PT.body) * 2 }));
  }
  return new Paragraph({
    children,
    tabStops: segments.map(([, until]) => ({
      type: until >= 1 ? TabStopType.RIGHT : TabStopType.LEFT,
      position: Math.round(TEXT_WIDTH * Math.min(until, 1)) - (until >= 1 ? 10 : 0),
      leader: LeaderType.DOT,
    })),
    spacing: { before: 0, after: (s.after ?? 3) * 20, line: 240, lineRule: LineRuleType.AUTO },
    ...(s.indent ? { indent: { firstLine: twips(s.indent) } } : {}),
  });
}

/** "label value": the label in the body's style, the value bold (a fact from the records, or a blank). */
export const fact = (label: string, value: string, rest = ''): TextRun[] => [
  run(label),
  run(value, { bold: true }),
  ...(rest ? [run(rest)] : []),
];

const NO_BORDERS = TableBorders.NONE;

/** A borderless table of columns (widths in twips), for the header and signature blocks. */
export function columns(cols: { width: number; children: Block[] }[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols.map((c) => c.width),
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: cols.map(
          (c) =>
            new TableCell({
              width: { size: c.width, type: WidthType.DXA },
              borders: {
                top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
                bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
                left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
                right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
              },
              verticalAlign: VerticalAlign.TOP,
              children: c.children.length ? c.children : [para('')],
            }),
        ),
      }),
    ],
  });
}

/** A ruled table (the list of documents): a header row in bold, then the rows. */
export function grid(widths: number[], head: string[], rows: string[][]): Table {
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const cell = (text: string, i: number, bold: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 1000, type: WidthType.DXA },
      borders: { top: line, bottom: line, left: line, right: line },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 40, bottom: 40 },
      children: [para(text, { size: PT.small, bold, align: i === 1 && !bold ? 'left' : 'center' })],
    });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, i, false)) })),
    ],
  });
}

export interface Issuer {
  /** the superior body, e.g. "ĐẢNG BỘ ……" (regular capitals) */
  superior: string;
  /** the issuing body, e.g. "CHI BỘ …" (bold capitals) */
  body: string;
  /** "Số ……-NQ/CB", or undefined for papers that carry none (the cover) */
  number?: string;
}

/**
 * The issuer of a cell's paper: its superior is not in the records, so it stays a blank to fill in; the number
 * is the one recorded, or a blank before the symbol.
 */
export const cellIssuer = (cell: DraftCell, symbol?: string, recordedNo?: string): Issuer => ({
  superior: `ĐẢNG BỘ ${BLANK_LINE}`,
  body: upper(cellName(cell)),
  ...(symbol ? { number: docNumber(recordedNo, symbol) } : {}),
});

const LEFT = Math.round(TEXT_WIDTH * 0.45);
const RIGHT = TEXT_WIDTH - LEFT;

/**
 * The heading of a Party document: the issuer at left (with the star below it and the number and symbol), the
 * Party's name at right (15 pt bold capitals, underlined) and the place and date line (14 pt italics).
 */
export function heading(issuer: Issuer, date: string | undefined, place = BLANK): Table {
  return columns([
    {
      width: LEFT,
      children: [
        para(issuer.superior, { align: 'center' }),
        para(issuer.body, { align: 'center', bold: true }),
        para('*', { align: 'center' }),
        ...(issuer.number ? [para(issuer.number, { align: 'center' })] : []),
      ],
    },
    {
      width: RIGHT,
      children: [
        para('ĐẢNG CỘNG SẢN VIỆT NAM', { align: 'center', bold: true, underline: true, size: PT.partyName }),
        para(`${place}, ${partyDate(date)}`, { align: 'center', italics: true, before: 6 }),
      ],
    },
  ]);
}

/** The title: the kind of paper in bold capitals, its subject below it in bold. */
export function title(kind: string, subject?: string): Paragraph[] {
  return [
    para(kind, { align: 'center', bold: true, size: PT.title, before: 12, keepNext: true }),
    ...(subject ? [para(subject, { align: 'center', bold: true, after: 9, keepNext: true })] : []),
  ];
}

/** A signature: the authority line ("T/M CHI BỘ"), the office ("BÍ THƯ"), room to sign, the name or a blank. */
export function signer(lines: string[], name?: string): Paragraph[] {
  return [
    ...lines.map((l) => para(l, { align: 'center', bold: true, keepNext: true })),
    para('(Ký, ghi rõ họ tên)', { align: 'center', italics: true, size: PT.small, keepNext: true }),
    para('', { after: 30, keepNext: true }),
    para(name ?? BLANK_LINE, { align: 'center', bold: true }),
  ];
}

/** The foot of a paper: the recipients at left, the signature at right. */
export function signatureBlock(recipients: string[], sign: Paragraph[]): Table {
  return columns([
    {
      width: LEFT,
      children: recipients.length
        ? [
            para('Nơi nhận:', { bold: true, italics: true, underline: true, size: PT.small, before: 12 }),
            ...recipients.map((r) => para(`- ${r}`, { size: PT.note })),
          ]
        : [],
    },
    { width: RIGHT, children: [para('', { before: 6 }), ...sign] },
  ]);
}

/** Two signatures side by side (minutes: the secretary of the meeting at left, the chair at right). */
export function twoSigners(left: Paragraph[], right: Paragraph[]): Table {
  const half = Math.round(TEXT_WIDTH / 2);
  return columns([
    { width: half, children: [para('', { before: 12 }), ...left] },
    { width: TEXT_WIDTH - half, children: [para('', { before: 12 }), ...right] },
  ]);
}

/** A page of a draft: everything the builders compose goes through here, on A4 with its margins. */
export function section(children: Block[], opts: { draftMark?: string } = {}): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { ...PAGE.margin, header: twips(10), footer: twips(10) },
      },
    },
    ...(opts.draftMark
      ? {
          headers: {
            default: new Header({
              children: [para(opts.draftMark, { align: 'right', bold: true, italics: true, size: PT.small })],
            }),
          },
        }
      : {}),
    children,
  };
}

/** The DOCX file of one or more sections. */
export async function toDocx(sections: ISectionOptions[], meta: { title: string }): Promise<Buffer> {
  const doc = new Document({
    creator: 'ketnap',
    title: meta.title,
    description: 'Bản thảo do ketnap soạn từ hồ sơ; kiểm tra, bổ sung, ký và tải bản đã ký lên.',
    styles: {
      default: {
        document: { run: { font: FONT, size: PT.body * 2 }, paragraph: { spacing: { line: 240 } } },
      },
    },
    sections,
  });
  return Packer.toBuffer(doc);
}

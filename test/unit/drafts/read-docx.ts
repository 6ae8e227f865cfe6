// Reads a generated DOCX the way the tests check it: word/document.xml, and its text paragraph by paragraph
// (the runs of a paragraph joined, a tab read as a space, XML entities decoded).
import JSZip from 'jszip';

export interface DocxContent {
  xml: string;
  /** the text of each paragraph */
  paragraphs: string[];
  /** every paragraph's text, one per line */
  text: string;
  /** the text of the page headers (word/header*.xml) */
  headers: string;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    decode([...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? ' ').join('')),
  );
}

export async function readDocx(buf: Buffer | Uint8Array): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(buf);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('no word/document.xml in the DOCX');
  const xml = await file.async('string');
  const paragraphs = paragraphsOf(xml);
  const headerFiles = zip.file(/^word\/header\d*\.xml$/);
  const headers = (await Promise.all(headerFiles.map((h) => h.async('string')))).flatMap(paragraphsOf);
  return { xml, paragraphs, text: paragraphs.join('\n'), headers: headers.join('\n') };
}

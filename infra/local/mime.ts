/** A small MIME reader for SES Raw content: headers, encoded words, multipart, base64 / quoted-printable. */

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitHeaderBody(raw: string): Part {
  const idx = raw.search(/\r?\n\r?\n/);
  const head = idx === -1 ? raw : raw.slice(0, idx);
  const body = idx === -1 ? '' : raw.slice(idx).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body };
}

function decodeQp(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i] as string;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

function charsetOf(contentType: string): BufferEncoding {
  const m = /charset="?([^";]+)"?/i.exec(contentType);
  const cs = (m?.[1] ?? 'utf-8').toLowerCase();
  return cs === 'iso-8859-1' || cs === 'latin1' ? 'latin1' : cs === 'us-ascii' ? 'ascii' : 'utf8';
}

function decodeBody(part: Part): string {
  const cte = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const enc = charsetOf(part.headers.get('content-type') ?? '');
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString(enc);
  if (cte === 'quoted-printable') return decodeQp(part.body).toString(enc);
  return part.body;
}

/** RFC 2047 encoded words (=?utf-8?B?...?= and =?utf-8?Q?...?=). */
export function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, cs: string, kind: string, data: string) => {
      const enc = charsetOf(`charset=${cs}`);
      if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString(enc);
      return decodeQp(data.replace(/_/g, ' ')).toString(enc);
    });
}

export function addressList(value: string | undefined): string[] {
  if (!value) return [];
  return decodeWords(value)
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((a) => a.trim())
    .filter(Boolean);
}

function walk(part: Part, out: { text: string; html: string }): void {
  const ct = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (ct.startsWith('multipart/')) {
    const m = /boundary="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '');
    if (!m?.[1]) return;
    const sections = part.body.split(`--${m[1]}`);
    for (const sec of sections.slice(1)) {
      if (sec.startsWith('--')) break;
      // the line break before a boundary belongs to the boundary (RFC 2046)
      walk(splitHeaderBody(sec.replace(/^\r?\n/, '').replace(/\r?\n$/, '')), out);
    }
    return;
  }
  const disposition = (part.headers.get('content-disposition') ?? '').toLowerCase();
  if (disposition.startsWith('attachment')) return;
  if (ct.startsWith('text/html') && !out.html) out.html = decodeBody(part);
  else if (ct.startsWith('text/plain') && !out.text) out.text = decodeBody(part);
}

export interface ParsedMime {
  from: string;
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html: string;
}

export function parseMime(raw: string): ParsedMime {
  const root = splitHeaderBody(raw);
  const out = { text: '', html: '' };
  walk(root, out);
  return {
    from: decodeWords(root.headers.get('from') ?? ''),
    to: addressList(root.headers.get('to')),
    cc: addressList(root.headers.get('cc')),
    replyTo: addressList(root.headers.get('reply-to')),
    subject: decodeWords(root.headers.get('subject') ?? ''),
    text: out.text,
    html: out.html,
  };
}

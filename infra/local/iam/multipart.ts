/** A multipart/form-data body, read whole (browser POST uploads to S3). */

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2])?.trim() : undefined;
}

/** The parts in order; throws on a malformed body. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) throw new Error('no multipart boundary in the body');
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new Error('malformed multipart delimiter');
    pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) throw new Error('malformed multipart part headers');
    const head = body.subarray(pos, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headEnd + 4);
    if (next < 0) throw new Error('unterminated multipart part');
    const data = body.subarray(headEnd + 4, next);
    const disp = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disp)?.[1];
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(disp)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
    parts.push({ name, filename, contentType, data });
    pos = next + 2;
  }
  return parts;
}

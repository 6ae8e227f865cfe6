/**
 * Documents go straight from the client to S3 by presigned POST; the app checks what arrived. Of a PDF, a
 * JPEG, an executable renamed .pdf, an empty file and a file over the limit, only the first two are kept: S3
 * itself refuses the empty and the oversized POST (its policy's content-length-range), the app refuses the rest.
 */
import { createHash } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { expectDenial } from '../../helpers/iam.ts';
import { useStack } from '../../helpers/stack.ts';

useStack();
const app = await import('../../../shared/app/index.ts');
const { s3, config } = await import('../../../shared/adapters/clients.ts');
const h = await import('./helpers.ts');

describe('dossier uploads', () => {
  it('keeps a PDF and a JPEG; deletes an executable, an empty file and an oversized file with the reason', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Ngô Thị Lan');
    const sec = cell.secretary;
    const pdf = h.PDF();
    const jpeg = h.JPEG();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(512, 7)]);
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x25); // 20 MB + 1 byte of '%'
    big.write('%PDF-1.7\n', 0);

    const kept = await h.upload(sec, c.id, '1-KNĐ', pdf, { fileName: 'don-xin-vao-dang.pdf' });
    const photo = await h.upload(sec, c.id, '2-KNĐ', jpeg, {
      contentType: 'image/jpeg',
      fileName: 'ly-lich.jpg',
    });
    const renamed = await h.upload(sec, c.id, '5-KNĐ', exe, { fileName: 'tong-hop.pdf' });
    // the two refusals of S3 below are denials this test provokes
    expectDenial({ principal: 'admin', action: 's3:PutObject', resource: 'arn:aws:s3:::ketnap-documents' });
    const empty = await h.upload(sec, c.id, '3-KNĐ', Buffer.alloc(0), {
      declaredSize: 1,
      introducerMemberId: c.introduction.introducerMemberIds[0] as string,
      s3Refuses: 'EntityTooSmall',
    });
    // the client lies about the size: S3 enforces the POST policy's content-length-range
    const oversized = await h.upload(sec, c.id, '4A-KNĐ', big, {
      declaredSize: 1000,
      s3Refuses: 'EntityTooLarge',
    });

    expect(kept.result).toMatchObject({
      accepted: true,
      document: { contentType: 'application/pdf', size: pdf.length },
    });
    expect(kept.result.accepted && kept.result.document.sha256).toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );
    expect(photo.result).toMatchObject({
      accepted: true,
      document: { contentType: 'image/jpeg', formCode: '2-KNĐ' },
    });
    expect(renamed.result).toMatchObject({ accepted: false, code: 'BAD_TYPE' });
    // nothing arrived: the app finds no object
    expect(empty.result).toMatchObject({ accepted: false, code: 'MISSING' });
    expect(oversized.result).toMatchObject({ accepted: false, code: 'MISSING' });
    if (!renamed.result.accepted) {
      expect(renamed.result.reason.vi).toBe('Chỉ nhận tệp PDF, JPEG hoặc PNG');
      expect(renamed.result.reason.en).toBe('Only PDF, JPEG or PNG files are accepted');
    }

    // only the two are listed, and only the two remain in the bucket, under the cell/candidate/form key layout
    const docs = await app.listDocuments(sec, c.id);
    expect(docs.map((d) => d.formCode).sort()).toEqual(['1-KNĐ', '2-KNĐ']);
    const objects = await (await s3()).client.send(
      new ListObjectsV2Command({
        Bucket: config().bucketName,
        Prefix: `cells/${cell.cellId}/candidates/${c.id}/`,
      }),
    );
    // the POST went to <document key>.upload; confirmation keeps only the checked copy at the document's key
    const documentKey = (k: string) => k.replace(/\.upload$/, '');
    expect((objects.Contents ?? []).map((o) => o.Key).sort()).toEqual(
      [documentKey(kept.presigned.key), documentKey(photo.presigned.key)].sort(),
    );
    expect(kept.presigned.key).toMatch(
      new RegExp(`^cells/${cell.cellId}/candidates/${c.id}/1-KND/d[a-z0-9]+\\.upload$`),
    );

    // the timeline records what was kept and what was refused, each by form and file name, so the secretary can
    // tell her uploads apart (the record is the cell's; logs never carry the name)
    const t = await app.timeline(sec, c.id);
    expect(t.filter((e) => e.type === 'documentUploaded').map((e) => e.details?.fileName)).toEqual([
      'don-xin-vao-dang.pdf',
      'ly-lich.jpg',
    ]);
    expect(t.filter((e) => e.type === 'documentRejected').map((e) => e.details?.code)).toEqual(
      expect.arrayContaining(['BAD_TYPE', 'MISSING', 'MISSING']),
    );
    expect(
      t.find((e) => e.type === 'documentRejected' && e.details?.code === 'BAD_TYPE')?.details?.fileName,
    ).toBe('tong-hop.pdf');

    // download: a short-lived GET after the authorisation check; another cell gets nothing
    const dl = await app.presignDownload(sec, c.id, kept.presigned.docId);
    expect(dl.url).toMatch(/X-Amz-Expires=300/);
    const got = Buffer.from(await (await fetch(dl.url)).arrayBuffer());
    expect(got.equals(pdf)).toBe(true);
    await expect(app.presignDownload(cell.otherCell, c.id, kept.presigned.docId)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      app.presignUpload(cell.otherCell, c.id, {
        formCode: '1-KNĐ',
        fileName: 'x.pdf',
        contentType: 'application/pdf',
        size: 10,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // the server refuses up front what it can: a declared size over the limit, a type outside the list
    await expect(
      app.presignUpload(sec, c.id, {
        formCode: '1-KNĐ',
        fileName: 'x.pdf',
        contentType: 'application/pdf',
        size: 21e6,
      }),
    ).rejects.toMatchObject({ code: 'INVALID' });
    await expect(
      app.presignUpload(sec, c.id, {
        formCode: '1-KNĐ',
        fileName: 'x.exe',
        contentType: 'application/x-msdownload' as 'application/pdf',
        size: 10,
      }),
    ).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('reads a candidate with its documents, timeline and deadlines in one query, scoped to the cell', async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Võ Thị Sáu');
    const sec = cell.secretary;
    await h.upload(sec, c.id, '1-KNĐ', h.PDF(), { fileName: 'don.pdf' });
    const record = await app.candidateRecord(sec, c.id);
    expect(record.candidate).toEqual(await app.getCandidate(sec, c.id));
    expect(record.documents).toEqual(await app.listDocuments(sec, c.id));
    expect(record.documents.map((d) => d.formCode)).toEqual(['1-KNĐ']);
    expect(record.events).toEqual(await app.timeline(sec, c.id));
    expect(record.events.map((e) => e.type)).toContain('referred');
    expect(record.deadlines.every((d) => String(d.SK).startsWith('DEADLINE#'))).toBe(true);
    await expect(app.candidateRecord(cell.otherCell, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.candidateRecord(sec, 'c-does-not-exist')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("takes a 3-KNĐ only from one of the candidate's introducers, named on the candidate since referral", async () => {
    const cell = await h.makeCell();
    const c = await h.refer(cell, 'Lê Văn Tám');
    const sec = cell.secretary;
    const introducer = cell.members[0] as string;
    expect(c.introducers).toEqual([
      { memberId: introducer, fullName: expect.any(String), togetherSince: expect.any(String) },
    ]);
    expect(c.introducers?.[0]?.fullName.length).toBeGreaterThan(0);
    const letter = (introducerMemberId: string) =>
      app.presignUpload(sec, c.id, {
        formCode: '3-KNĐ',
        fileName: 'thu-gioi-thieu.pdf',
        contentType: 'application/pdf',
        size: 1000,
        introducerMemberId,
      });
    const refused = await letter(cell.members[1] as string).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID', details: { fields: ['introducerMemberId'] } });
    expect((refused as { messages: { vi: string } }).messages.vi).toMatch(/^Người giới thiệu phải là/);
    expect(await app.listDocuments(sec, c.id)).toEqual([]);
    await expect(letter(introducer)).resolves.toMatchObject({ docId: expect.any(String) });
  });
});

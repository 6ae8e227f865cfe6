import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSON-lines journal. Each record is written with one write(2); records that decide
 * what happens after a crash (a start, a checkpoint, a task's state, an end) are fsync'ed before the
 * service acts on them. A torn last line (crash mid-write) is dropped on open.
 */
export class Journal<R> {
  private fd: number;

  private constructor(
    fd: number,
    readonly records: R[],
  ) {
    this.fd = fd;
  }

  static open<R>(file: string): Journal<R> {
    mkdirSync(dirname(file), { recursive: true });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // a new journal
    }
    const records: R[] = [];
    let good = 0;
    let pos = 0;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      const line = text.slice(pos, nl);
      try {
        if (line.trim()) records.push(JSON.parse(line) as R);
      } catch {
        break;
      }
      pos = nl + 1;
      good = pos;
    }
    const fd = openSync(file, 'a+');
    if (good < text.length) ftruncateSync(fd, Buffer.byteLength(text.slice(0, good)));
    return new Journal<R>(fd, records);
  }

  append(record: R, sync = false): void {
    // after close the fd number may belong to another file: never write through it
    if (this.fd < 0) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (sync) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    closeSync(fd);
  }
}

// What a fresh Debian or Ubuntu machine needs before `npm start` or `npm test`, installed when this runs as root
// (apt-get), otherwise named with the exact command to run. `npm start` checks `start`, `npm test` (pretest)
// checks `test`; .ci/run also asks for `render` (LibreOffice and poppler: the drafted papers' picture test).
//
//   npx tsx infra/local/prereqs.ts start|test [render]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Need {
  what: string;
  pkg: string;
  present(): boolean;
}

const onPath = (cmd: string) =>
  spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function javaAtLeast17(): boolean {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  const m = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`);
  return Number(m?.[1] ?? 0) >= 17;
}

export const NEEDS: Record<'start' | 'test' | 'render', Need[]> = {
  start: [
    { what: 'Java 17 or newer (DynamoDB Local)', pkg: 'openjdk-17-jre-headless', present: javaAtLeast17 },
  ],
  test: [
    { what: 'Java 17 or newer (DynamoDB Local)', pkg: 'openjdk-17-jre-headless', present: javaAtLeast17 },
    { what: 'Chromium (browser tests)', pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
    { what: 'the AWS CLI (a second real client in the tests)', pkg: 'awscli', present: () => onPath('aws') },
  ],
  render: [
    {
      what: 'LibreOffice Writer (DOCX → PDF)',
      pkg: 'libreoffice-writer-nogui',
      present: () => onPath('soffice'),
    },
    { what: 'poppler (PDF → PNG)', pkg: 'poppler-utils', present: () => onPath('pdftoppm') },
    {
      what: "Liberation fonts (Times New Roman's metrics)",
      pkg: 'fonts-liberation2',
      present: () => existsSync('/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf'),
    },
  ],
};

/** Installs (as root) or names what is missing; returns false when something is still missing. */
export function ensurePrereqs(groups: (keyof typeof NEEDS)[], log = (l: string) => console.log(l)): boolean {
  const missing = [...new Map(groups.flatMap((g) => NEEDS[g]).map((n) => [n.pkg, n])).values()].filter(
    (n) => !n.present(),
  );
  if (missing.length === 0) return true;
  const pkgs = missing.map((n) => n.pkg);
  const install = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    log(`ketnap: installing ${missing.map((n) => n.what).join(', ')} (${pkgs.join(' ')})...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const inst =
      update.status === 0
        ? spawnSync('sh', ['-c', `${install} -qq >/dev/null`], { stdio: 'inherit', env })
        : update;
    if (inst.status === 0 && missing.every((n) => n.present())) return true;
    log(`ketnap: the installation failed; run it yourself: ${install}`);
    return false;
  }
  log(`ketnap needs ${missing.map((n) => n.what).join(', ')}. Install with:\n  sudo ${install}`);
  return false;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const groups = process.argv.slice(2).filter((g): g is keyof typeof NEEDS => g in NEEDS);
  process.exit(ensurePrereqs(groups.length > 0 ? groups : ['start']) ? 0 : 1);
}

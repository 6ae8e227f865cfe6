/**
 * The IAM declarations of the adapter operations (shared/adapters/permissions.ts), which the synth turns into
 * each function's role (infra/cloud/grants.ts): every AWS call the code makes is declared in the operation
 * that makes it, calls are made only in shared/adapters, the bundler keeps a declaration exactly when it
 * keeps its operation, and the synth's wiring check refuses code and wiring that disagree.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLambda } from '../../infra/cloud/bundle.ts';
import { checkWiring, declarationsInBundle, parseDeclarations } from '../../infra/cloud/grants.ts';
import { checkSource } from '../helpers/iam-declarations.ts';
import { sources } from '../helpers/sources.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const code = ['shared', 'functions'].flatMap((d) => sources(join(ROOT, d))).map((f) => relative(ROOT, f));
const checked = code.map((file) => checkSource(file, readFileSync(join(ROOT, file), 'utf8')));

describe('each adapter operation declares the IAM actions of the calls it makes', () => {
  it('finds the AWS calls of the code (the check has something to check)', () => {
    const calls = checked.flatMap((c) => c.calls);
    const what = new Set(calls.map((c) => c.what));
    for (const w of [
      'GetCommand',
      'QueryCommand',
      'BatchGetCommand',
      'UpdateCommand',
      'PutObjectCommand',
      'GetObjectCommand',
      'createPresignedPost',
      'SendTaskSuccessCommand',
      'StartExecutionCommand',
      'SendEmailCommand',
      'getSecret',
      'transaction item Put',
      'transaction item Delete',
      'transaction item ConditionCheck',
    ])
      expect(what, w).toContain(w);
  });

  it('no call lacks its declaration, and no declaration stands outside an operation', () => {
    const findings = checked.flatMap((c) => c.findings).map((f) => `${f.file}:${f.line} ${f.problem}`);
    expect(findings).toEqual([]);
  });

  it('AWS is called only in shared/adapters', () => {
    const outside = checked
      .flatMap((c) => c.calls)
      .filter((c) => !c.file.startsWith('shared/adapters/'))
      .map((c) => `${c.file}:${c.line} ${c.what}`);
    expect(outside).toEqual([]);
  });

  it('fails on an undeclared call, a wrong action, a command it cannot map, and an undeclared transaction item', () => {
    const planted = `
      import { requires } from './permissions.ts';
      export async function readIt(key) {
        return ddb().send(new GetCommand({ TableName: t, Key: key }));
      }
      export async function writeIt(item) {
        requires('ketnap-iam:table:dynamodb:GetItem');
        await ddb().send(new PutCommand({ TableName: t, Item: item }));
      }
      export async function scanIt() {
        requires('ketnap-iam:table:dynamodb:Query');
        await ddb().send(new ScanCommand({ TableName: t }));
      }
      export const txGone = (key) => ({ Delete: { TableName: t(), Key: key } });
      export async function inner() {
        requires('ketnap-iam:documents:s3:PutObject');
        return [1].map(async () => (await s3()).client.send(new sdk.PutObjectCommand({ Bucket: b, Key: k })));
      }
      requires('ketnap-iam:mail:ses:SendEmail');
    `;
    const { findings } = checkSource('planted.ts', planted);
    expect(findings.map((f) => f.problem).sort()).toEqual(
      [
        'GetCommand needs dynamodb:GetItem, not declared',
        'PutCommand needs dynamodb:PutItem, not declared',
        'ScanCommand: its IAM action is not in COMMAND_ACTIONS',
        'transaction item Delete needs dynamodb:DeleteItem, not declared',
        'requires() outside an operation',
      ].sort(),
    );
  });
});

describe('the declarations in a bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ketnap-grants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are kept exactly with the operations the bundle keeps (tree shaking drops the others)', async () => {
    // an entry that uses one operation of dynamo.ts and one of documents.ts (lazily loaded S3)
    const entry = join(ROOT, 'test/unit', `.grants-entry-${process.pid}.ts`);
    writeFileSync(
      entry,
      `import { getItem } from '../../shared/adapters/dynamo.ts';
       import { presignGet } from '../../shared/adapters/documents.ts';
       export const handler = async (e: { key: string }) => [await getItem({ PK: e.key, SK: 'META' }), await presignGet(\`cells/\${e.key}\`, 'a.pdf')];`,
    );
    try {
      await buildLambda(entry, join(dir, 'out'));
    } finally {
      rmSync(entry, { force: true });
    }
    expect(Object.fromEntries(declarationsInBundle(join(dir, 'out')))).toEqual({
      documents: ['s3:GetObject'],
      table: ['dynamodb:GetItem'],
    });
  }, 60_000);

  it('name only actions the permissions module allows', () => {
    expect(() => parseDeclarations(['x="ketnap-iam:table:dynamodb:Scan"'])).toThrow(/not a declaration/);
    expect(() => parseDeclarations(['x="ketnap-iam:bucket:s3:GetObject"'])).toThrow(/not a declaration/);
    expect(
      Object.fromEntries(
        parseDeclarations(['"ketnap-iam:mail:ses:SendEmail";"ketnap-iam:mail:ses:SendEmail"']),
      ),
    ).toEqual({ mail: ['ses:SendEmail'] });
  });
});

describe('the synth wiring check', () => {
  const declared = parseDeclarations([
    'a("ketnap-iam:table:dynamodb:GetItem");b("ketnap-iam:mail:ses:SendEmail")',
  ]);

  it('passes when the code uses exactly what the function is wired to', () => {
    expect(() => checkWiring('wf-notify', declared, new Set(['table', 'mail']))).not.toThrow();
  });

  it('fails when the code declares an action on a resource the function is not wired to (mail code, no mail identity)', () => {
    expect(() => checkWiring('wf-record', declared, new Set(['table']))).toThrow(
      /wf-record: its code declares ses:SendEmail on mail, but .* does not wire it to mail/,
    );
  });

  it('fails when the function is wired to a resource its code never uses', () => {
    expect(() => checkWiring('wf-notify', declared, new Set(['table', 'mail', 'startWorkflows']))).toThrow(
      /wired to startWorkflows, but its code declares no action on it/,
    );
  });
});

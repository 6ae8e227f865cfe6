// The bounds of every role in the template: no wildcard action, no `*` resource except X-Ray's (which has no
// resource-level permissions), no Scan, task results and mail only where a function needs them. Whether each
// role allows what its code does is not checked against a list here: the embedded stack runs every test with
// each function under its own synthesized role, and the stand-ins deny what the role does not allow
// (test/integration/stack/iam*.test.ts; a run ends with zero unexpected denials).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFunctions } from '../../infra/cloud/functions.ts';
import { declarationsInBundle } from '../../infra/cloud/grants.ts';
import { type Grant, grantsOf } from './support/iam.ts';
import { TEST_CONFIG } from './support/synth.ts';
import { functionResource, type Json, resourcesOf, synthesized } from './support/template.ts';

const { json, outdir } = synthesized();
const env = { account: TEST_CONFIG.account as string, region: TEST_CONFIG.region };
const FUNCTIONS = discoverFunctions();

// readable names for the resources a grant may point at
const names: Record<string, string> = {};
for (const [id] of resourcesOf(json, 'AWS::DynamoDB::Table')) names[id] = 'table';
for (const [id] of resourcesOf(json, 'AWS::S3::Bucket'))
  names[id] = id.startsWith('StorageDocuments') ? 'documents' : id;
for (const [id] of resourcesOf(json, 'AWS::KMS::Key'))
  names[id] = id.startsWith('StorageDocumentsKey') ? 'documents-key' : id;
for (const [id, r] of resourcesOf(json, 'AWS::Logs::LogGroup'))
  names[id] = `log-group ${r.Properties.LogGroupName}`;

function grantsOfFunction(name: string): Grant[] {
  const [, fn] = functionResource(json, name);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const role = json.Resources[roleId] as Json;
  expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
  expect(role.Properties.Policies ?? []).toEqual([]);
  const policies = resourcesOf(json, 'AWS::IAM::Policy').filter(([, p]) =>
    (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId),
  );
  return policies.flatMap(([, p]) => grantsOf(p.Properties.PolicyDocument, names, env));
}

const key = (g: Grant) => `${g.action} on ${g.resource}${g.condition ? ` if ${g.condition}` : ''}`;

describe('function roles', () => {
  it('no role of a function has a wildcard action or a `*` resource beyond X-Ray', () => {
    for (const name of FUNCTIONS) {
      for (const g of grantsOfFunction(name)) {
        expect(g.action, `${name}: ${key(g)}`).not.toContain('*');
        if (g.resource === '*') expect(g.action, `${name}: ${key(g)}`).toMatch(/^xray:/);
      }
    }
  });

  it('each function writes only its own log group', () => {
    for (const name of FUNCTIONS) {
      const logs = grantsOfFunction(name).filter((g) => g.action.startsWith('logs:'));
      expect(new Set(logs.map((g) => g.resource)), name).toEqual(
        new Set([`<log-group /aws/lambda/ketnap-${name}>`]),
      );
    }
  });

  it('object grants stay under the documents and exports prefixes', () => {
    for (const name of FUNCTIONS) {
      for (const g of grantsOfFunction(name).filter((x) => x.action.startsWith('s3:')))
        expect(g.resource, `${name}: ${key(g)}`).toMatch(/^<documents>\/(cells|exports)\/\*$/);
    }
  });

  it('only the functions that send mail may delete a table item (the send-once claim), on the table only', () => {
    const deleting = FUNCTIONS.filter((n) =>
      grantsOfFunction(n).some((g) => g.action === 'dynamodb:DeleteItem'),
    );
    // the reminders' digests keep their claim (marked sent in one transaction), so only the send-once mailer
    // (and the api's removal of a pooled person) deletes
    expect(deleting.sort()).toEqual(['api', 'wf-notify']);
    const senders = FUNCTIONS.filter((n) => grantsOfFunction(n).some((g) => g.action === 'ses:SendEmail'));
    for (const n of deleting) expect(senders).toContain(n);
    for (const n of deleting)
      for (const g of grantsOfFunction(n).filter((x) => x.action === 'dynamodb:DeleteItem'))
        expect(g.resource).toBe('<table>');
  });

  it('only the functions that complete a human step may send task results', () => {
    const completing = FUNCTIONS.filter((n) =>
      grantsOfFunction(n).some((g) => g.action.startsWith('states:SendTask')),
    );
    expect(completing.sort()).toEqual(['api', 'reminders', 'wf-await']);
    const heartbeat = FUNCTIONS.filter((n) =>
      grantsOfFunction(n).some((g) => g.action === 'states:SendTaskHeartbeat'),
    );
    expect(heartbeat).toEqual([]);
  });

  it('no function may scan the table or its indexes (the daily chores query a sparse index)', () => {
    const scanning = FUNCTIONS.flatMap((n) =>
      grantsOfFunction(n)
        .filter((g) => g.action === 'dynamodb:Scan')
        .map((g) => `${n} ${g.resource}`),
    );
    expect(scanning).toEqual([]);
  });

  it('only the functions that send mail may call SES, from the sender address only', () => {
    const senders = FUNCTIONS.filter((n) => grantsOfFunction(n).some((g) => g.action.startsWith('ses:')));
    expect(senders.sort()).toEqual(['api', 'reminders', 'wf-notify']);
  });
});

describe('function roles derived from the code', () => {
  // the services whose actions the adapters declare (shared/adapters/permissions.ts)
  const DECLARED_SERVICES = /^(dynamodb|s3|states|ses|secretsmanager):/;

  const assetOf = (name: string) =>
    join(
      outdir,
      `asset.${(functionResource(json, name)[1].Properties.Code.S3Key as string).replace(/\.zip$/, '')}`,
    );

  it("each role allows exactly the actions its function's bundle declares, nothing more", () => {
    for (const name of FUNCTIONS) {
      const declared = [...declarationsInBundle(assetOf(name)).values()].flat();
      const granted = grantsOfFunction(name)
        .map((g) => g.action)
        .filter((a) => DECLARED_SERVICES.test(a));
      expect(new Set(granted), name).toEqual(new Set(declared));
    }
  });

  it('the workflow functions carry only what their tasks use (no document, mail or secret action; no Scan)', () => {
    for (const name of ['wf-await', 'wf-continue', 'wf-record']) {
      const actions = new Set(grantsOfFunction(name).map((g) => g.action));
      for (const a of actions) expect(a, name).not.toMatch(/^(s3|ses|secretsmanager|kms):|Scan|DeleteItem/);
    }
  });

  it('index grants name the indexes (no index/*), and only where the code queries an index', () => {
    for (const name of FUNCTIONS) {
      const onIndexes = grantsOfFunction(name).filter((g) => g.resource.includes('/index/'));
      for (const g of onIndexes) {
        expect(g.action, name).toBe('dynamodb:Query');
        expect(g.resource, name).toMatch(/\/index\/GSI\d$/);
      }
      expect(onIndexes.length > 0, name).toBe(declarationsInBundle(assetOf(name)).has('indexes'));
    }
  });
});

describe('service roles', () => {
  it('the state machines may invoke only the workflow functions', () => {
    const wf = resourcesOf(json, 'AWS::StepFunctions::StateMachine');
    expect(wf).toHaveLength(2);
    for (const [, sm] of wf) {
      const roleId = sm.Properties.RoleArn['Fn::GetAtt'][0];
      const policy = resourcesOf(json, 'AWS::IAM::Policy').find(([, p]) =>
        (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId),
      ) as [string, Json];
      const grants = grantsOf(policy[1].Properties.PolicyDocument, names, env);
      const invoked = new Set(
        grants.filter((g) => g.action === 'lambda:InvokeFunction').map((g) => g.resource),
      );
      const fnIds = ['wf-await', 'wf-notify', 'wf-continue', 'wf-record'].map(
        (n) => functionResource(json, n)[0],
      );
      for (const r of invoked)
        expect(
          fnIds.some((id) => r === `<${id}>` || r === `<${id}>:*`),
          r,
        ).toBe(true);
      for (const g of grants) {
        expect(g.action).not.toBe('*');
        if (g.resource === '*') expect(g.action).toMatch(/^(xray|logs):/);
      }
    }
  });

  it('the scheduler may invoke only the reminders function', () => {
    const [schedule] = resourcesOf(json, 'AWS::Scheduler::Schedule');
    const roleId = (schedule as [string, Json])[1].Properties.Target.RoleArn['Fn::GetAtt'][0];
    const [, policy] = resourcesOf(json, 'AWS::IAM::Policy').find(([, p]) =>
      (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId),
    ) as [string, Json];
    const remindersId = functionResource(json, 'reminders')[0];
    expect(grantsOf(policy.Properties.PolicyDocument, names, env).map(key).sort()).toEqual(
      [`lambda:InvokeFunction on <${remindersId}>`, `lambda:InvokeFunction on <${remindersId}>:*`].sort(),
    );
  });
});

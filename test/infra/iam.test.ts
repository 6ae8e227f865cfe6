// Least privilege: every function's role allows exactly what that function uses, written out here by hand,
// with no wildcard action and no `*` resource except X-Ray's (which has no resource-level permissions).
import { describe, expect, it } from 'vitest';
import { discoverFunctions } from '../../infra/cloud/functions.ts';
import { type Grant, grantsOf } from './support/iam.ts';
import { TEST_CONFIG } from './support/synth.ts';
import { functionResource, type Json, resourcesOf, synthesized } from './support/template.ts';

const { json } = synthesized();
const env = { account: TEST_CONFIG.account as string, region: TEST_CONFIG.region };
const SM = (name: string) => `arn:aws:states:${env.region}:${env.account}:stateMachine:ketnap-${name}`;
const SES_IDENTITY = (name: string) => `arn:aws:ses:${env.region}:${env.account}:identity/${name}`;

// readable names for the resources a grant may point at
const names: Record<string, string> = {};
for (const [id] of resourcesOf(json, 'AWS::DynamoDB::Table')) names[id] = 'table';
for (const [id] of resourcesOf(json, 'AWS::S3::Bucket'))
  names[id] = id.startsWith('StorageDocuments') ? 'documents' : id;
for (const [id] of resourcesOf(json, 'AWS::KMS::Key'))
  names[id] = id.startsWith('StorageDocumentsKey') ? 'documents-key' : id;
for (const [id, r] of resourcesOf(json, 'AWS::Logs::LogGroup'))
  names[id] = `log-group ${r.Properties.LogGroupName}`;

const TABLE_RW = ['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem', 'PutItem', 'UpdateItem'];
const ON_TABLE = ['<table>', '<table>/index/GSI1', '<table>/index/GSI2', '<table>/index/GSI3'];

/** What each function needs, from reading its code (and workflows/index.ts for the wf-* tasks). */
const NEEDS: Record<string, Grant[]> = {
  api: [
    ...tableRw(),
    { action: 's3:GetObject', resource: '<documents>/cells/*' },
    { action: 's3:PutObject', resource: '<documents>/cells/*' },
    { action: 'kms:Decrypt', resource: '<documents-key>' },
    { action: 'kms:GenerateDataKey', resource: '<documents-key>' },
    ...start('admission', 'probation'),
    ...callback('admission', 'probation'),
    ...mail(),
  ],
  // reminders + the workflow chores: query GSI3 for chores, re-deliver callbacks, start lost admissions
  reminders: [...tableRw(), ...start('admission'), ...callback('admission', 'probation'), ...mail()],
  'wf-await': [...tableRw(), ...callback('admission', 'probation')],
  'wf-record': [...tableRw()],
  'wf-continue': [...tableRw(), ...start('admission', 'probation')],
  'wf-notify': [...tableRw(), ...mail()],
};

function tableRw(): Grant[] {
  return TABLE_RW.flatMap((a) => ON_TABLE.map((resource) => ({ action: `dynamodb:${a}`, resource })));
}
function start(...machines: string[]): Grant[] {
  return machines.map((m) => ({ action: 'states:StartExecution', resource: SM(m) }));
}
function callback(...machines: string[]): Grant[] {
  return machines.flatMap((m) => [
    { action: 'states:SendTaskSuccess', resource: SM(m) },
    { action: 'states:SendTaskFailure', resource: SM(m) },
  ]);
}
function mail(): Grant[] {
  const condition = JSON.stringify({ StringEquals: { 'ses:FromAddress': TEST_CONFIG.senderAddress } });
  return [TEST_CONFIG.domain, TEST_CONFIG.senderAddress].map((identity) => ({
    action: 'ses:SendEmail',
    resource: SES_IDENTITY(identity),
    condition,
  }));
}
/** Every function writes its own logs and traces. */
function baseline(name: string): Grant[] {
  return [
    { action: 'logs:CreateLogStream', resource: `<log-group /aws/lambda/ketnap-${name}>` },
    { action: 'logs:PutLogEvents', resource: `<log-group /aws/lambda/ketnap-${name}>` },
    { action: 'xray:PutTraceSegments', resource: '*' },
    { action: 'xray:PutTelemetryRecords', resource: '*' },
  ];
}

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
  it('the needs list covers every handler in functions/', () => {
    for (const name of discoverFunctions()) expect(Object.keys(NEEDS), name).toContain(name);
  });

  for (const [name, needs] of Object.entries(NEEDS)) {
    it(`ketnap-${name} may do exactly what it uses`, () => {
      const got = grantsOfFunction(name).map(key).sort();
      const want = [...baseline(name), ...needs].map(key).sort();
      expect(got).toEqual(want);
    });
  }

  it('no role of a function has a wildcard action or a `*` resource beyond X-Ray', () => {
    for (const name of Object.keys(NEEDS)) {
      for (const g of grantsOfFunction(name)) {
        expect(g.action, `${name}: ${key(g)}`).not.toContain('*');
        if (g.resource === '*') expect(g.action, `${name}: ${key(g)}`).toMatch(/^xray:/);
      }
    }
  });

  it('only the functions that complete a human step may send task results', () => {
    const completing = Object.keys(NEEDS).filter((n) =>
      grantsOfFunction(n).some((g) => g.action.startsWith('states:SendTask')),
    );
    expect(completing.sort()).toEqual(['api', 'reminders', 'wf-await']);
    const heartbeat = Object.keys(NEEDS).filter((n) =>
      grantsOfFunction(n).some((g) => g.action === 'states:SendTaskHeartbeat'),
    );
    expect(heartbeat).toEqual([]);
  });

  it('no function may scan the table or its indexes (the daily chores query a sparse index)', () => {
    const scanning = Object.keys(NEEDS).flatMap((n) =>
      grantsOfFunction(n)
        .filter((g) => g.action === 'dynamodb:Scan')
        .map((g) => `${n} ${g.resource}`),
    );
    expect(scanning).toEqual([]);
  });

  it('only the functions that send mail may call SES, from the sender address only', () => {
    const senders = Object.keys(NEEDS).filter((n) =>
      grantsOfFunction(n).some((g) => g.action.startsWith('ses:')),
    );
    expect(senders.sort()).toEqual(['api', 'reminders', 'wf-notify']);
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

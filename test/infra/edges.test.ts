// The edges of the system: the HTTP API in front of the api function, Cognito (groups, cells, MFA), the
// reminder schedule in Vietnam's time zone, and the SES identity from the parameters.
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS } from '../../infra/cloud/constructs/api.ts';
import { TEST_CONFIG } from './support/synth.ts';
import { functionResource, type Json, resourcesOf, synthesized } from './support/template.ts';

const { json, template } = synthesized();
const env = (name: string) => functionResource(json, name)[1].Properties.Environment.Variables as Json;

describe('HTTP API', () => {
  const [[apiId, api]] = resourcesOf(json, 'AWS::ApiGatewayV2::Api') as [[string, Json]];
  const [apiFnId] = functionResource(json, 'api');

  it('is an HTTP API whose $default route goes to ketnap-api (payload 2.0)', () => {
    expect(api.Properties.ProtocolType).toBe('HTTP');
    const routes = resourcesOf(json, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties.RouteKey)).toEqual(['$default']);
    const [, integration] = resourcesOf(json, 'AWS::ApiGatewayV2::Integration')[0] as [string, Json];
    expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
    expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [apiFnId, 'Arn'] });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [apiFnId, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it('logs each access without path, IP or user, and is throttled', () => {
    const [, stage] = resourcesOf(json, 'AWS::ApiGatewayV2::Stage')[0] as [string, Json];
    expect(stage.Properties.ApiId).toEqual({ Ref: apiId });
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/path|sourceIp|user|identity|authorizer/i);
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it('gives the api function what it needs to verify Cognito sessions and sign approval forms', () => {
    const [[poolId]] = resourcesOf(json, 'AWS::Cognito::UserPool') as [[string, Json]];
    const [[clientId]] = resourcesOf(json, 'AWS::Cognito::UserPoolClient') as [[string, Json]];
    const e = env('api');
    expect(JSON.stringify(e.AUTH_ISSUER)).toContain(`cognito-idp.${TEST_CONFIG.region}.`);
    expect(JSON.stringify(e.AUTH_ISSUER)).toContain(poolId);
    expect(JSON.stringify(e.AUTH_JWKS_URL)).toContain('/.well-known/jwks.json');
    expect(e.AUTH_AUDIENCE).toEqual({ Ref: clientId });
    // sign-in: the hosted login of the pool's domain, back to <appOrigin>/auth/callback (the client's callback)
    const [[domainId]] = resourcesOf(json, 'AWS::Cognito::UserPoolDomain') as [[string, Json]];
    expect(JSON.stringify(e.AUTH_OAUTH_URL)).toContain(`{"Ref":"${domainId}"}`);
    expect(JSON.stringify(e.AUTH_OAUTH_URL)).toContain(`.auth.${TEST_CONFIG.region}.amazoncognito.com`);
    // the secret's value is never in the function's configuration: only its ARN, read at cold start
    expect(e.LINK_SECRET).toBeUndefined();
    expect(JSON.stringify(e.LINK_SECRET_ARN)).toMatch(/^\{"Ref":"LinkSecret/);
    expect(JSON.stringify(e)).not.toMatch(/resolve:secretsmanager/);
    expect(e.APP_BASE_URL).toBe(TEST_CONFIG.appOrigin);
  });
});

describe('Cognito', () => {
  const [[poolId, pool]] = resourcesOf(json, 'AWS::Cognito::UserPool') as [[string, Json]];

  it('has the groups secretary, committee and admin', () => {
    const groups = resourcesOf(json, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.GroupName).sort()).toEqual(['admin', 'committee', 'secretary']);
    for (const g of groups) expect(g.UserPoolId).toEqual({ Ref: poolId });
  });

  it('ties users to cells with the custom attribute cellIds', () => {
    expect(pool.Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: 'cellIds', AttributeDataType: 'String', Mutable: true }),
    );
  });

  it('lets no one sign themselves up, requires MFA and a strong password, enforces threat protection', () => {
    const p = pool.Properties;
    expect(p.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(p.MfaConfiguration).toBe('ON');
    expect(p.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(p.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(p.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(p.UserPoolTier).toBe('PLUS');
    expect(p.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('the app client reads custom:cellIds but a user cannot write it (no self-granted cells)', () => {
    const [[, client]] = resourcesOf(json, 'AWS::Cognito::UserPoolClient') as [[string, Json]];
    const c = client.Properties;
    expect(c.ReadAttributes).toContain('custom:cellIds');
    expect(c.WriteAttributes.some((a: string) => a.startsWith('custom:'))).toBe(false);
    expect(c.GenerateSecret).toBe(false);
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect(c.CallbackURLs).toEqual([`${TEST_CONFIG.appOrigin}/auth/callback`]);
    expect(c.PreventUserExistenceErrors).toBe('ENABLED');
  });
});

describe('reminders', () => {
  it('run every day at 07:00 Asia/Ho_Chi_Minh with the scheduled time as input', () => {
    const [[, schedule]] = resourcesOf(json, 'AWS::Scheduler::Schedule') as [[string, Json]];
    const p = schedule.Properties;
    expect(p.ScheduleExpression).toBe('cron(0 7 * * ? *)');
    expect(p.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
    expect(p.State).toBe('ENABLED');
    expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(p.Target.Arn).toEqual({ 'Fn::GetAtt': [functionResource(json, 'reminders')[0], 'Arn'] });
    expect(JSON.parse(p.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
    expect(p.Target.RetryPolicy.MaximumRetryAttempts).toBe(3);
    // the role it assumes trusts only this account's schedules
    const role = json.Resources[p.Target.RoleArn['Fn::GetAtt'][0]] as Json;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': TEST_CONFIG.account } },
      }),
    ]);
  });
});

describe('mail', () => {
  it('verifies the configured domain in SES, and gives the senders the configured address', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: TEST_CONFIG.domain,
      MailFromAttributes: { MailFromDomain: `mail.${TEST_CONFIG.domain}` },
    });
    for (const name of ['api', 'reminders', 'wf-notify'])
      expect(env(name).MAIL_FROM).toBe(TEST_CONFIG.senderAddress);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, config } from '../../../shared/adapters/config.ts';
import { contentSecurityPolicy, documentsOrigin } from '../../../shared/web/http.ts';

describe('config', () => {
  const saved = process.env.TABLE_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
  });

  it('throws ConfigError naming a required variable the function was not given', () => {
    const c = config({});
    expect(() => c.tableName).toThrow(ConfigError);
    expect(() => c.tableName).toThrow(/TABLE_NAME/);
    expect(() => c.authJwksUrl).toThrow(/AUTH_JWKS_URL/);
    expect(() => c.appBaseUrl).toThrow(/APP_BASE_URL/);
  });

  it('reads an optional setting as undefined, and any setting through ifSet', () => {
    const c = config({});
    expect(c.linkSecretArn).toBeUndefined();
    expect(c.authLogoutUrl).toBeUndefined();
    expect(c.ifSet.appBaseUrl).toBeUndefined();
    expect(c.ifSet.bucketName).toBeUndefined();
  });

  it('parses values: defaults, trailing slashes, `none`, invalid values', () => {
    const c = config({
      APP_BASE_URL: 'https://app.example/',
      AUTH_OAUTH_URL: 'https://idp.example/',
      OUTBOX_URL: 'none',
      DOCUMENT_MAX_BYTES: '1000',
    });
    expect(c.appBaseUrl).toBe('https://app.example');
    expect(c.authOAuthUrl).toBe('https://idp.example');
    expect(c.outboxUrl).toBeUndefined();
    expect(c.maxUploadBytes).toBe(1000);
    expect(config({}).maxUploadBytes).toBe(20 * 1024 * 1024);
    expect(config({}).authLoginUrl).toBe('/auth/login');
    expect(config({ OUTBOX_URL: '/outbox' }).outboxUrl).toBe('/outbox');
    expect(() => config({ APP_BASE_URL: 'not a url' }).appBaseUrl).toThrow(/APP_BASE_URL is not valid/);
    expect(() => config({ ADMISSION_STATE_MACHINE_ARN: 'x' }).admissionArn).toThrow(ConfigError);
  });

  it('reads the process environment when a setting is used, not at import', () => {
    process.env.TABLE_NAME = 'first';
    const c = config();
    expect(c.tableName).toBe('first');
    process.env.TABLE_NAME = 'second';
    expect(c.tableName).toBe('second');
    expect(config().tableName).toBe('second');
  });
});

describe('documents origin and page policy from the configuration', () => {
  it('uses the S3 endpoint path-style for an IP, and the regional address otherwise', () => {
    expect(
      documentsOrigin(config({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', BUCKET_NAME: 'docs' })),
    ).toBe('http://127.0.0.1:9000');
    expect(documentsOrigin(config({ AWS_REGION: 'ap-southeast-1', BUCKET_NAME: 'docs' }))).toBe(
      'https://docs.s3.ap-southeast-1.amazonaws.com',
    );
    expect(documentsOrigin(config({ DOCUMENTS_ORIGIN: 'https://files.example/x' }))).toBe(
      'https://files.example',
    );
    expect(documentsOrigin(config({}))).toBeUndefined();
  });

  it("allows forms to the identity provider's origin", () => {
    const csp = contentSecurityPolicy(
      config({ AWS_REGION: 'ap-southeast-1', BUCKET_NAME: 'docs', AUTH_OAUTH_URL: 'https://idp.example/' }),
    );
    expect(csp).toContain("form-action 'self' https://idp.example");
    expect(csp).toContain("img-src 'self' data: https://docs.s3.ap-southeast-1.amazonaws.com");
  });
});

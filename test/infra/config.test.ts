// Deployment parameters: read from CDK context, checked before anything is built; the region and an
// S3-compatible document store (e.g. in Vietnam) are choices the operator makes knowingly.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { checkConfig, configFromContext, DEFAULT_CONFIG } from '../../infra/cloud/config.ts';

describe('deployment parameters', () => {
  it('default to Singapore and example addresses when none are given (offline synth)', () => {
    const config = configFromContext(new App(), {});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.region).toBe('ap-southeast-1');
  });

  it('are read from context', () => {
    const app = new App({
      context: {
        region: 'ap-southeast-7',
        senderAddress: 'ketnap@dangbo.example.vn',
        domain: 'dangbo.example.vn',
        appOrigin: 'https://ketnap.dangbo.example.vn',
        documentsEndpoint: 'https://s3.hcm.example-cloud.vn',
        documentsBucket: 'ketnap-ho-so',
      },
    });
    expect(configFromContext(app, {})).toMatchObject({
      region: 'ap-southeast-7',
      senderAddress: 'ketnap@dangbo.example.vn',
      documentsEndpoint: 'https://s3.hcm.example-cloud.vn',
      documentsBucket: 'ketnap-ho-so',
    });
  });

  it.each([
    [{ senderAddress: 'ketnap@other.example' }, /not at domain/],
    [{ senderAddress: 'nobody' }, /not an e-mail address/],
    [{ region: 'singapore' }, /not a region name/],
    [{ appOrigin: 'http://ketnap.example' }, /appOrigin/],
    [{ documentsEndpoint: 'https://s3.example.vn' }, /needs documentsBucket/],
    [{ logLevel: 'TRACE' as never }, /logLevel/],
  ])('refuses %o with a clear message', (change, message) => {
    expect(() => checkConfig({ ...DEFAULT_CONFIG, ...change })).toThrow(message);
  });
});

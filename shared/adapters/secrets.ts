/**
 * Secrets Manager: a secret's value read through Powertools Parameters (cached for `maxAge` seconds, so a
 * warm function reads it once per period). The only secret is the CSRF tokens' HMAC key (LINK_SECRET_ARN).
 */
import { requires } from './permissions.ts';

/** The link secret's value (GetSecretValue on its ARN), or undefined when it is not a string. */
export async function readLinkSecret(arn: string, maxAge: number): Promise<string | undefined> {
  requires('ketnap-iam:linkSecret:secretsmanager:GetSecretValue');
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret(arn, { maxAge });
  return typeof value === 'string' ? value : undefined;
}

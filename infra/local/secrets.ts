// The local Secrets Manager: the one call ketnap makes, GetSecretValue (JSON 1.1, `X-Amz-Target:
// secretsmanager.GetSecretValue`), reached through the standard AWS_ENDPOINT_URL_SECRETS_MANAGER. Each secret
// of the synthesized template answers with its local value; the caller is authenticated (SigV4) and authorized
// by its role's policies on the secret's ARN, as in AWS.
import { randomUUID } from 'node:crypto';
import type { Server, ServerResponse } from 'node:http';
import { authenticate } from './iam/auth.ts';
import type { IamGate } from './iam/gate.ts';
import { closeServer, createServer, listen, readBody } from './net.ts';

export interface LocalSecret {
  arn: string;
  value: string;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(json),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(json);
}

const fail = (res: ServerResponse, status: number, type: string, message: string) =>
  reply(res, status, { __type: type, message });

/** The name of a secret ARN: `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>`. */
const nameOf = (arn: string) => arn.slice(arn.indexOf(':secret:') + ':secret:'.length).replace(/-[^-]+$/, '');

export async function startSecrets(opts: {
  port: number;
  /** the template's secrets with their local values (read on each call: the deployment is known later) */
  secrets: () => LocalSecret[];
  gate?: IamGate;
}): Promise<{ endpoint: string; server: Server; stop(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req, 64 * 1024);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue')
        return fail(res, 400, 'UnknownOperationException', `Unsupported operation ${target || req.method}`);
      const gate = opts.gate;
      const who = gate
        ? authenticate(
            gate,
            req,
            { service: 'secretsmanager', action: 'secretsmanager:GetSecretValue', resource: '*' },
            { body: raw },
          )
        : undefined;
      if (who && !who.ok)
        return fail(
          res,
          400,
          who.failure === 'unknown-key' ? 'UnrecognizedClientException' : 'InvalidSignatureException',
          who.message,
        );
      let input: { SecretId?: unknown };
      try {
        input = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        return fail(res, 400, 'SerializationException', 'Request body is not valid JSON');
      }
      const id = typeof input.SecretId === 'string' ? input.SecretId : '';
      const secret = opts.secrets().find((s) => s.arn === id || nameOf(s.arn) === id);
      // AWS authorizes on the ARN asked for, then looks the secret up
      const resource = secret?.arn ?? id;
      if (gate && who?.ok) {
        const d = gate.authorizeAll(who.principal.accessKeyId, [
          { action: 'secretsmanager:GetSecretValue', resource },
        ]);
        if (!d.allowed) return fail(res, 400, 'AccessDeniedException', d.message);
      }
      if (!secret)
        return fail(
          res,
          400,
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
      return reply(res, 200, {
        ARN: secret.arn,
        Name: nameOf(secret.arn),
        SecretString: secret.value,
        VersionId: '00000000-0000-4000-8000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    } catch (err) {
      return fail(res, 500, 'InternalServiceError', (err as Error).message);
    }
  });
  const port = await listen(server, opts.port);
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => closeServer(server) };
}

/**
 * The functions' configuration: the one place in functions/ and shared/ that reads the environment. Each
 * setting is written down once below (its variable, its zod schema, whether the product has a default or works
 * without it), and read when it is used, not at import: a value changed in the environment (a test, a restarted
 * test stack) is the value the next use sees.
 *
 * A required setting whose variable the function was not given (its template lacks it) throws ConfigError
 * naming the variable: there are no silent defaults that would happen to match the embedded stack's names.
 * The variables a function is given are written down in infra/cloud/functions.ts (FUNCTION_NEEDS).
 */
import * as z from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Setting<T> = {
  env: string;
  schema: z.ZodType<T>;
  /** the product's default, used when the variable is unset */
  default?: string;
  /** the code works without it: unset reads as undefined instead of throwing */
  optional?: true;
};

const setting = <T>(env: string, schema: z.ZodType<T>, defaultValue?: string): Setting<T> =>
  defaultValue === undefined ? { env, schema } : { env, schema, default: defaultValue };
const optional = <T>(env: string, schema: z.ZodType<T>): Setting<T> & { optional: true } => ({
  env,
  schema,
  optional: true,
});

const text = z.string().min(1);
/** a base URL, kept without its trailing slash */
const baseUrl = (schema: z.ZodType<string>) => schema.transform((u) => u.replace(/\/$/, ''));

const SETTINGS = {
  // data: the table, the documents bucket, the workflows, mail
  tableName: setting('TABLE_NAME', text),
  bucketName: setting('BUCKET_NAME', z.string().min(3)),
  admissionArn: setting('ADMISSION_STATE_MACHINE_ARN', z.string().startsWith('arn:')),
  probationArn: setting('PROBATION_STATE_MACHINE_ARN', z.string().startsWith('arn:')),
  /** the web app's public URL (links in mail, the sign-in redirect), without a trailing slash */
  appBaseUrl: setting('APP_BASE_URL', baseUrl(z.url())),
  mailFrom: setting('MAIL_FROM', z.string().min(3)),
  /** largest accepted upload, bytes (default 20 MB) */
  maxUploadBytes: setting('DOCUMENT_MAX_BYTES', z.coerce.number().int().positive(), String(20 * 1024 * 1024)),

  // web: who signs the session tokens, the hosted sign-in, the CSRF key (shared/web)
  authJwksUrl: setting('AUTH_JWKS_URL', z.url()),
  authIssuer: setting('AUTH_ISSUER', text),
  /** the app client's id: the ID token's audience and the OAuth client id */
  authAudience: setting('AUTH_AUDIENCE', text),
  /** the identity provider's base URL (/oauth2/authorize, /oauth2/token, /logout), without a trailing slash */
  authOAuthUrl: setting('AUTH_OAUTH_URL', baseUrl(text)),
  /** where a page that needs a session sends the browser to sign in */
  authLoginUrl: setting('AUTH_LOGIN_URL', text, '/auth/login'),
  /** where sign-out goes (default: the provider's /logout, back to the app) */
  authLogoutUrl: optional('AUTH_LOGOUT_URL', text),
  /** the page of sent mails the layout links to (the embedded stack's outbox); `none` = no link */
  outboxUrl: optional(
    'OUTBOX_URL',
    text.transform((u) => (u === 'none' ? undefined : u)),
  ),
  /** the CSRF tokens' HMAC key in Secrets Manager (a deployed function) */
  linkSecretArn: optional('LINK_SECRET_ARN', text),
  /** the CSRF tokens' HMAC key itself (code run in a test process, without LINK_SECRET_ARN) */
  linkSecret: optional('LINK_SECRET', text),
  /** the origin the browser reaches the documents bucket at, when not the S3 endpoint's (shared/web/http.ts) */
  documentsOrigin: optional('DOCUMENTS_ORIGIN', text),
  /** the logs' and metrics' service before a handler names its function (shared/adapters/observability.ts) */
  powertoolsServiceName: optional('POWERTOOLS_SERVICE_NAME', text),

  // the standard AWS environment the SDK clients read themselves: read here only to know which endpoints the
  // clients were made for and where the browser reaches the bucket
  awsRegion: optional('AWS_REGION', text),
  awsDefaultRegion: optional('AWS_DEFAULT_REGION', text),
  awsEndpointUrl: optional('AWS_ENDPOINT_URL', text),
  awsEndpointUrlDynamodb: optional('AWS_ENDPOINT_URL_DYNAMODB', text),
  awsEndpointUrlS3: optional('AWS_ENDPOINT_URL_S3', text),
  awsEndpointUrlSfn: optional('AWS_ENDPOINT_URL_SFN', text),
  awsEndpointUrlSesv2: optional('AWS_ENDPOINT_URL_SESV2', text),
};

type Settings = typeof SETTINGS;
type Key = keyof Settings;
type ValueOf<S> = S extends { optional: true; schema: z.ZodType<infer T> }
  ? T | undefined
  : S extends { schema: z.ZodType<infer T> }
    ? T
    : never;

type Values = { readonly [K in Key]: ValueOf<Settings[K]> };

export type Config = Values & {
  /**
   * The same settings, undefined when their variable is unset: for the few readers that work without a
   * setting other code requires (the OpenAPI document's server, the sign-out target, the page policy).
   */
  readonly ifSet: { readonly [K in Key]: Exclude<ValueOf<Settings[K]>, undefined> | undefined };
};

type Env = Readonly<Record<string, string | undefined>>;

/** the last value parsed of each setting, by its raw text (the values are strings and numbers) */
const parsedValues = new Map<Key, { raw: string; value: unknown }>();

function read(env: Env, key: Key, whenUnset: 'throw' | 'undefined'): unknown {
  const s: Setting<unknown> = SETTINGS[key];
  const given = env[s.env];
  const raw = given === undefined || given === '' ? s.default : given;
  if (raw === undefined) {
    if (s.optional || whenUnset === 'undefined') return undefined;
    throw new ConfigError(
      `${s.env} is not set for this function: infra/cloud/functions.ts gives each function the variables it uses`,
    );
  }
  // the clients and the page policy read settings on every call: parse a value once, until it changes
  const seen = parsedValues.get(key);
  if (seen && seen.raw === raw) return seen.value;
  const parsed = s.schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${s.env} is not valid for this function`);
  parsedValues.set(key, { raw, value: parsed.data });
  return parsed.data;
}

const ENV = Symbol('env');
type Holder = { [ENV]: Env };

const valuesPrototype: object = {};
const ifSetPrototype: object = {};
for (const key of Object.keys(SETTINGS) as Key[]) {
  Object.defineProperty(valuesPrototype, key, {
    enumerable: true,
    get(this: Holder) {
      return read(this[ENV], key, 'throw');
    },
  });
  Object.defineProperty(ifSetPrototype, key, {
    enumerable: true,
    get(this: Holder) {
      return read(this[ENV], key, 'undefined');
    },
  });
}

/**
 * The function's configuration over `env` (the process's environment unless a test passes its own). Nothing is
 * read until a setting is: each access reads and parses its variable.
 */
export function config(env: Env = process.env): Config {
  const ifSet = Object.create(ifSetPrototype, { [ENV]: { value: env } });
  return Object.create(valuesPrototype, {
    [ENV]: { value: env },
    ifSet: { value: ifSet, enumerable: false },
  });
}

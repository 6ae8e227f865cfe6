// The OpenAPI 3.1 document, generated from the routes and their zod schemas (zod 4's toJSONSchema).
import * as z from 'zod';
import type { AnyRoute } from './router.ts';
import { ErrorBody } from './schemas.ts';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, components: Json): Json {
  const js = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const defs = (js.$defs ?? {}) as Json;
  delete js.$defs;
  delete js.$schema;
  for (const [k, v] of Object.entries(defs)) components[k] = v;
  return JSON.parse(JSON.stringify(js).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
}

/** Localized messages travel as JSON strings inside zod; keep them out of the document. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const o: Json = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'error' && k !== 'message') o[k] = clean(x);
    return o;
  }
  return v;
}

export function openApiDocument(routes: readonly AnyRoute[], serverUrl?: string): Json {
  const components: Json = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  schemaOf(ErrorBody, components);
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    if (r.kind !== 'api' && !r.path.startsWith('/a/')) continue;
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9._~-]{1,128}$' },
    }));
    const query: Json[] = [];
    if (r.query) {
      const qs = schemaOf(r.query, components) as { properties?: Json; required?: string[] };
      for (const [name, schema] of Object.entries(qs.properties ?? {}))
        query.push({ name, in: 'query', required: (qs.required ?? []).includes(name), schema });
    }
    const op: Json = {
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag ?? (r.kind === 'api' ? 'api' : 'pages')],
      parameters: [
        ...params,
        ...query,
        { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['vi', 'en'] } },
      ],
      responses: {
        [r.method === 'POST' && r.path === '/api/candidates' ? '201' : '200']: r.produces
          ? { description: 'OK', content: { [r.produces]: { schema: { type: 'string', format: 'binary' } } } }
          : r.kind === 'page'
            ? { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } }
            : {
                description: 'OK',
                content: {
                  'application/json': { schema: r.response ? schemaOf(r.response, components) : {} },
                },
              },
        '4XX': {
          description: 'Refused input or access',
          content: { 'application/json': { schema: errorRef } },
        },
        '5XX': {
          description: 'Internal error (an error id only)',
          content: { 'application/json': { schema: errorRef } },
        },
      },
      ...(r.roles === 'public' ? { security: [] } : { 'x-roles': r.roles }),
    };
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(r.body, components) } },
      };
    if (r.form && !r.body)
      op.requestBody = {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } },
      };
    paths[r.path] = { ...(paths[r.path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return clean({
    openapi: '3.1.0',
    info: {
      title: 'ketnap API',
      version: '1.0.0',
      description:
        'Admission of new Party members for Vietnamese Party cells. Errors: { error: { code, message } }, message in the request language (?lang=vi|en, the lang cookie, or Accept-Language; Vietnamese by default).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'ketnap_session' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  }) as Json;
}

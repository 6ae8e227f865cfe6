// ketnap-api: the HTTP API and the pages of the web app (API Gateway HTTP API, payload 2.0, $default route).
// Thin: the Hono app, its routes, middlewares and pages live in shared/web; logs and metrics in
// shared/adapters/observability.ts.
import { observed } from '../shared/adapters/observability.ts';
import { createHandler } from '../shared/web/app.ts';

export const handler = observed('ketnap-api', createHandler());

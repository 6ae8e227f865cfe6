// ketnap-api: the HTTP API and the pages of the web app (API Gateway HTTP API, payload 2.0, $default route).
// Thin: the routes, middlewares and pages live in shared/web.
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from '../shared/web/app.ts';

const logger = new Logger({ serviceName: 'ketnap-api' });

export const handler = createHandler(logger);

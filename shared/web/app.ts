// The web application as one Lambda handler: a Hono app over the JSON API and the pages, behind
// `hono/aws-lambda` (API Gateway HTTP API, payload 2.0), with ketnap's own middlewares (middlewares.ts).
import type { Context } from 'aws-lambda';
import { Hono, type MiddlewareHandler } from 'hono';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { config } from '../adapters/config.ts';
import { log } from '../adapters/observability.ts';
import { apiRoutes } from './api-routes.ts';
import { type ApiEvent, json } from './http.ts';
import { errorPage } from './layout.ts';
import {
  type ErrorLogger,
  httpErrorHandler,
  httpLanguage,
  linkSecretLoader,
  notFoundHandler,
  requestState,
  sessionAuth,
  type WebEnv,
} from './middlewares.ts';
import { authRoutes } from './oidc.ts';
import { openApiDocument } from './openapi.ts';
import { adminPages } from './pages/admin.ts';
import { approvalPages } from './pages/approval.ts';
import { candidatePages } from './pages/candidates.ts';
import { homePages } from './pages/home.ts';
import { poolPages } from './pages/pool.ts';
import { poolApiRoutes } from './pool-routes.ts';
import { type AnyRoute, registerRoutes, requestPath, route } from './router.ts';
import { staticRoutes } from './static/index.ts';

const openApiRoute = route({
  method: 'GET',
  path: '/openapi.json',
  kind: 'api',
  roles: 'public',
  summary: 'This document',
  tag: 'meta',
  async handler() {
    return json(200, openApiDocument(ROUTES, config().ifSet.appBaseUrl));
  },
});

export const ROUTES: AnyRoute[] = [
  ...apiRoutes,
  ...poolApiRoutes,
  ...homePages,
  ...poolPages,
  ...candidatePages,
  ...approvalPages,
  ...adminPages,
  ...authRoutes,
  ...staticRoutes,
  openApiRoute,
];

/** The app's Hono application over `routes`; `session` verifies the session token (sessionAuth). */
export function createApp(
  routes: readonly AnyRoute[] = ROUTES,
  {
    logger = log,
    session = sessionAuth(),
  }: { logger?: ErrorLogger; session?: MiddlewareHandler<WebEnv> } = {},
): Hono<WebEnv> {
  const app = new Hono<WebEnv>({ getPath: requestPath });
  const onError = httpErrorHandler(logger, ({ status, message, errorId, state }) =>
    errorPage(state.lang, { status, message, ...(errorId ? { errorId } : {}), actor: state.actor }),
  );
  app.use(requestState(), httpLanguage(), linkSecretLoader(), session);
  registerRoutes(app, routes);
  app.notFound(notFoundHandler(onError));
  app.onError(onError);
  return app;
}

/** The result of the api function for API Gateway (HTTP API, payload 2.0). */
export type ApiGatewayResult = Awaited<ReturnType<ReturnType<typeof handle>>> & {
  headers: Record<string, string>;
  cookies?: string[];
};

/** The api's Lambda handler: the app behind `hono/aws-lambda`; it logs through the function's Logger unless given one. */
export function createHandler(logger: ErrorLogger = log, routes: readonly AnyRoute[] = ROUTES) {
  const lambda = handle(createApp(routes, { logger }));
  return async function api(event: ApiEvent, context: Context): Promise<ApiGatewayResult> {
    return (await lambda(
      withoutGetBody(event) as unknown as LambdaEvent,
      context as unknown as LambdaContext,
    )) as ApiGatewayResult;
  };
}

/** API Gateway passes a GET's (or HEAD's) body along; a GET reads none, and a Web Request cannot carry one. */
function withoutGetBody(event: ApiEvent): ApiEvent {
  const method = event.requestContext?.http?.method;
  if (event.body === undefined || (method !== 'GET' && method !== 'HEAD')) return event;
  const { body: _ignored, ...rest } = event;
  return { ...rest, isBase64Encoded: false };
}

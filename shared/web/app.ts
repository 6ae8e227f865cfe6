// The web application as one Lambda handler: middy + the router over the JSON API and the pages.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { config } from '../adapters/config.ts';
import { log } from '../adapters/observability.ts';
import { apiRoutes } from './api-routes.ts';
import { type ApiEvent, type ApiResult, json } from './http.ts';
import { errorPage } from './layout.ts';
import {
  type ErrorLogger,
  httpErrorHandler,
  httpLanguage,
  linkSecretLoader,
  sessionAuth,
  stateOf,
} from './middlewares.ts';
import { authRoutes } from './oidc.ts';
import { openApiDocument } from './openapi.ts';
import { adminPages } from './pages/admin.ts';
import { approvalPages } from './pages/approval.ts';
import { candidatePages } from './pages/candidates.ts';
import { homePages } from './pages/home.ts';
import { poolPages } from './pages/pool.ts';
import { poolApiRoutes } from './pool-routes.ts';
import { type AnyRoute, Router, route } from './router.ts';
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

export const router = new Router(ROUTES);

/** The api's handler; it logs through the function's Logger (shared/adapters/observability.ts) unless given one. */
export function createHandler(logger: ErrorLogger = log, routes: Router = router) {
  return middy<ApiEvent, ApiResult, Error, Context>()
    .use(
      httpErrorHandler(logger, ({ status, message, errorId, state }) => {
        return errorPage(state.lang, {
          status,
          message,
          ...(errorId ? { errorId } : {}),
          actor: state.actor,
        });
      }),
    )
    .use(httpLanguage())
    .use(linkSecretLoader())
    .use(sessionAuth())
    .handler(async function routeRequest(event) {
      return routes.dispatch(event, stateOf(event));
    });
}

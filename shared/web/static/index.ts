// The pages' scripts, served by the app itself from `/static/<name>?v=<hash>` so the page policy can forbid
// inline scripts (`script-src 'self'`). A page includes one with `scriptTag(name)`; the hash in the URL changes
// with the content, so a browser may keep a file for a year.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { type ApiResult, HttpError, h, type Raw } from '../http.ts';
import { type AnyRoute, route } from '../router.ts';
import { UPLOAD_JS } from './upload.ts';
import { VOTE_JS } from './vote.ts';

interface StaticFile {
  body: string;
  type: string;
  hash: string;
}

const file = (body: string, type: string): StaticFile => ({
  body,
  type,
  hash: createHash('sha256').update(body).digest('base64url').slice(0, 12),
});

const FILES: Record<string, StaticFile> = {
  'upload.js': file(UPLOAD_JS, 'text/javascript; charset=utf-8'),
  'vote.js': file(VOTE_JS, 'text/javascript; charset=utf-8'),
};

export type StaticName = 'upload.js' | 'vote.js';

/** The URL of a static file, versioned by its content. */
export function staticUrl(name: StaticName): string {
  return `/static/${name}?v=${(FILES[name] as StaticFile).hash}`;
}

/** A `<script src>` for a static script (no inline code: the page policy allows none). */
export function scriptTag(name: StaticName): Raw {
  return h`<script src="${staticUrl(name)}"></script>`;
}

const staticRoute = route<unknown, { v?: string }>({
  method: 'GET',
  path: '/static/{file}',
  kind: 'page',
  roles: 'public',
  summary: 'The scripts of the pages (no inline script is allowed)',
  tag: 'meta',
  produces: 'text/javascript',
  query: z.object({ v: z.string().max(40).optional() }),
  async handler(ctx): Promise<ApiResult> {
    const f = Object.hasOwn(FILES, ctx.params.file as string) ? FILES[ctx.params.file as string] : undefined;
    if (!f) throw new HttpError(404, 'not_found');
    return {
      statusCode: 200,
      headers: {
        'content-type': f.type,
        'x-content-type-options': 'nosniff',
        'cache-control': ctx.query.v === f.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag: `"${f.hash}"`,
      },
      body: f.body,
    };
  },
});

/** The browser's tab icon: the Party's red with a gold square, 16 × 16 (a PNG in an ICO). */
const FAVICON =
  'AAABAAEAEBAAAAEAIABdAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAQAAAAEAgGAAAAH/P/YQAAACRJREFUeJxjWCzI/Z8SzDBqAHYDPmxhwIpHDaCnAQOfDoaWAQAsD95EZ319cgAAAABJRU5ErkJggg==';

const faviconRoute = route({
  method: 'GET',
  path: '/favicon.ico',
  kind: 'page',
  roles: 'public',
  summary: 'The tab icon',
  tag: 'meta',
  produces: 'image/x-icon',
  async handler(): Promise<ApiResult> {
    return {
      statusCode: 200,
      headers: { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400' },
      body: FAVICON,
      isBase64Encoded: true,
    };
  },
});

export const staticRoutes: AnyRoute[] = [staticRoute, faviconRoute];

// The page shell: landmarks, skip link, navigation, language switch; mobile first (usable at 360 px).
import { config } from '../adapters/config.ts';
import { type Translator, translator } from '../i18n/index.ts';
import type { WebActor } from './auth.ts';
import { h, type Raw, raw } from './http.ts';
import type { Lang } from './lang.ts';
import { DASHBOARD_CSS } from './pages/dashboard.ts';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;background:#f6f6f4}
a{color:#0b4f9c}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:10}
header.top{background:#a3110b;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header.top a{color:#fff}
header.top .brand{font-weight:700;text-decoration:none;font-size:1.1rem}
nav.main ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .9rem}
nav.main a{text-decoration:none;padding:.25rem 0;display:inline-block}
nav.main a[aria-current=page]{text-decoration:underline;font-weight:700}
.who{font-size:.9rem}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
section.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
.table-wrap{overflow-x:auto}.table-wrap :is(th,td){overflow-wrap:normal}.table-wrap th[scope=row]{white-space:nowrap}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select,textarea{font:inherit;width:100%;max-width:30rem;padding:.45rem;border:1px solid #767676;border-radius:4px;background:#fff}
input[type=radio],input[type=checkbox]{width:auto}
fieldset{border:1px solid #ccc;border-radius:4px;margin:.75rem 0;padding:.5rem .75rem}
legend{font-weight:600}
.radio label{display:inline;font-weight:400;margin:0 1rem 0 .25rem}
button,.button{font:inherit;background:#0b4f9c;color:#fff;border:0;border-radius:4px;padding:.55rem 1rem;margin:.75rem .5rem 0 0;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#555}
button.danger{background:#8a1c1c}
.status{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.9rem}
.status-missing{background:#fde2e1;color:#7a0b06}
.status-uploaded{background:#e1ecfd;color:#0b3a7a}
.status-expired{background:#fff0c2;color:#5c4300}
.status-accepted{background:#dff5e1;color:#0d5a1c}
.status-later{background:#eceff3;color:#333}
.overdue{color:#8a1c1c;font-weight:700}
.errors{border:2px solid #8a1c1c;background:#fde2e1;padding:.5rem 1rem;border-radius:4px}
.warning{border:2px solid #7a5c00;background:#fff6d6;padding:.5rem 1rem;border-radius:4px}
.ok{border:2px solid #0d5a1c;background:#dff5e1;padding:.5rem 1rem;border-radius:4px}
.muted{color:#555}
progress{width:100%;max-width:30rem;height:1.2rem}
.stages{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;padding:0;list-style:none}
.stages li{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem}
.stages .n{font-size:1.5rem;font-weight:700;display:block}
svg text{font:12px system-ui,sans-serif}
footer{max-width:60rem;margin:0 auto;padding:1rem;color:#555;font-size:.85rem}
.sr-only{position:absolute;left:-999px;width:1px;height:1px;overflow:hidden}
main,.errors,.warning,.ok{overflow-wrap:anywhere}
ul.files{margin:0;padding-left:1rem}
.badge{font-size:.85rem;color:#0d5a1c}
.doc-withdrawn{color:#555}
fieldset.introducer select,fieldset.introducer input{max-width:100%}
@media (max-width:40rem){table.checklist,table.checklist tbody,table.checklist tr,table.checklist td{display:block}table.checklist thead{position:absolute;left:-999px;width:1px;height:1px;overflow:hidden}table.checklist tr{border-bottom:1px solid #ddd;padding:.5rem 0}table.checklist td{border:0;padding:.15rem 0}table.checklist td:nth-child(2){display:inline-block}}
@media print{header.top,nav,footer,.skip,.no-print,form{display:none!important}body{background:#fff;font-size:11pt}main{max-width:none;padding:0}section.card{border:0;padding:0;margin:0 0 .5rem}a{color:#000;text-decoration:none}.table-wrap{overflow:visible}tr{break-inside:avoid}}
`;

/** The page of sent mails, when the deployment has one (`OUTBOX_URL`; unset or `none` = no link). */
const outboxUrl = () => config().outboxUrl;

export interface LayoutArgs {
  lang: Lang;
  title: string;
  actor?: WebActor | undefined;
  /** current path for aria-current and the language switch */
  path?: string;
  body: Raw;
  scripts?: Raw;
}

export function layout(a: LayoutArgs): string {
  const t = translator(a.lang);
  const other: Lang = a.lang === 'vi' ? 'en' : 'vi';
  const path = a.path ?? '/';
  const navLink = (href: string, label: string) =>
    h`<li><a href="${href}"${raw(href === path ? ' aria-current="page"' : '')}>${label}</a></li>`;
  const nav = a.actor
    ? h`<nav class="main" aria-label="${t('nav.menu')}"><ul>
${navLink('/', t('nav.home'))}
${navLink('/pool', t('nav.pool'))}
${navLink('/candidates', t('nav.candidates'))}
${a.actor.role === 'secretary' ? navLink('/candidates/new', t('nav.refer')) : ''}
${navLink('/exports', t('nav.exports'))}
${a.actor.role === 'admin' ? navLink('/targets', t('nav.targets')) : ''}
${a.actor.role === 'admin' ? navLink('/jobs', t('nav.jobs')) : ''}
${outboxUrl() ? navLink(outboxUrl() as string, t('nav.outbox')) : ''}
</ul></nav>`
    : '';
  const who = a.actor
    ? h`<div class="who"><span>${a.actor.name ?? a.actor.userId} · ${t(`role.${a.actor.role}`)}</span>
<form method="post" action="/logout" style="display:inline"><button type="submit" class="secondary" style="margin:0 0 0 .5rem;padding:.2rem .6rem">${t('nav.logout')}</button></form></div>`
    : '';
  return `<!doctype html>${
    h`<html lang="${a.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${a.title} · ${t('app.name')}</title>
<style>${raw(CSS)}${raw(DASHBOARD_CSS)}</style></head>
<body><a class="skip" href="#main">${t('nav.skip')}</a>
<header class="top"><a class="brand" href="/">${t('app.name')}</a>${nav}
<div><a href="${path}?lang=${other}" lang="${other}" hreflang="${other}">${t('nav.lang')}</a></div>${who}</header>
<main id="main" tabindex="-1">
<h1>${a.title}</h1>
${a.body}
</main>
<footer><p>${t('app.tagline')} · <a href="/openapi.json">${t('nav.api')}</a></p></footer>
${a.scripts ?? ''}
</body></html>`.html
  }`;
}

export function errorPage(
  lang: Lang,
  args: { status: number; message: string; errorId?: string; actor?: WebActor | undefined },
): string {
  const t: Translator = translator(lang);
  return layout({
    lang,
    title: t('error.title'),
    actor: args.actor,
    body: h`<section class="card"><p role="alert">${args.message}</p>
${args.errorId ? h`<p class="muted">${t('error.id')}: <code>${args.errorId}</code></p>` : ''}
<p><a href="/">${t('error.back')}</a></p></section>`,
  });
}

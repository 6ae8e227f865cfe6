import type { OutboxMail } from './outbox.ts';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Plain text with its http(s) links made clickable. */
function linkify(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return parts.map((p, i) => (i % 2 === 1 ? `<a href="${esc(p)}">${esc(p)}</a>` : esc(p))).join('');
}

/** dd/mm/yyyy hh:mm, Vietnam's time (as a Vietnamese reader writes it: the date first, the year in full). */
const fmtTime = (iso: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Asia/Ho_Chi_Minh',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:60rem;margin-inline:auto;line-height:1.5;color:#1a1a1a}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ddd;vertical-align:top}
a{color:#0b57d0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:1rem;border-radius:4px}
iframe{width:100%;min-height:24rem;border:1px solid #ddd;border-radius:4px}@media (max-width:40rem){th:nth-child(3),td:nth-child(3){display:none}}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function outboxListPage(mails: OutboxMail[], o: { ran?: boolean } = {}): string {
  const rows = mails
    .map(
      (m) =>
        `<tr><td><a href="/outbox/${encodeURIComponent(m.id)}">${esc(m.subject || '(không có tiêu đề)')}</a></td><td>${esc(m.to.join(', '))}</td><td>${esc(fmtTime(m.time))}</td></tr>`,
    )
    .join('');
  const body = mails.length
    ? `<table><thead><tr><th scope="col">Tiêu đề</th><th scope="col">Người nhận</th><th scope="col">Thời gian</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>Chưa có thư nào.</p>';
  return page(
    'Hộp thư đi',
    `<h1>Hộp thư đi (thư hệ thống đã gửi)</h1><p>${mails.length} thư · <a href="/outbox.json">JSON</a> · <a href="/">Trang chính</a></p>
<form method="post" action="/outbox/run-daily"><p>Việc nhắc hằng ngày tự chạy lúc 07:00. Chạy ngay để xem các thư nhắc của hôm nay (chỉ trên máy này).</p><button type="submit">Chạy việc nhắc hằng ngày ngay</button></form>
${o.ran ? '<p role="status"><strong>Đã chạy việc nhắc hằng ngày.</strong> Các thư mới (nếu có) ở đầu danh sách.</p>' : ''}${body}`,
  );
}

export function outboxMailPage(m: OutboxMail): string {
  const html = m.html
    ? `<h2>Nội dung (HTML)</h2><iframe title="Nội dung thư" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${esc(`<base target="_top">${m.html}`)}"></iframe>`
    : '';
  const text = m.text ? `<h2>Nội dung (văn bản)</h2><pre>${linkify(m.text)}</pre>` : '';
  return page(
    m.subject || 'Thư',
    `<p><a href="/outbox">← Hộp thư đi</a></p><h1>${esc(m.subject || '(không có tiêu đề)')}</h1><dl><dt>Người gửi</dt><dd>${esc(m.from)}</dd><dt>Người nhận</dt><dd>${esc(m.to.join(', '))}</dd>${m.cc.length ? `<dt>CC</dt><dd>${esc(m.cc.join(', '))}</dd>` : ''}<dt>Thời gian</dt><dd>${esc(fmtTime(m.time))}</dd><dt>Mã thư</dt><dd>${esc(m.id)}</dd></dl>${text}${html}`,
  );
}

export function notFoundPage(): string {
  return page('Không tìm thấy', '<h1>Không tìm thấy thư</h1><p><a href="/outbox">← Hộp thư đi</a></p>');
}

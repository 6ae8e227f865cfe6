// The SES v2 SendEmail input, built one way for every mail of ketnap (no SDK, no I/O: pure functions).

/**
 * Text placed in a mail header (the subject): control characters (CR, LF, tab …), format characters (bidi
 * overrides and isolates, zero-width ones) and line/paragraph separators become a space, so no value can
 * end the header or add one (`…\r\nBcc: x`), whatever a name stored before the name rule held.
 */
export function headerText(value: string): string {
  return value
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** An address as SES takes it: one addr-spec, nothing around it; anything else is refused (not repaired). */
export function mailAddress(value: string): string {
  const v = value.trim();
  if (v.length > 254 || !/^[^\s@<>(),;:"\\[\]\p{C}]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/u.test(v))
    throw Object.assign(new Error('invalid mail address'), { name: 'InvalidMailAddress' });
  return v;
}

/** The sender: an address, or `Display name <address>` with a display name made header-safe. */
export function senderAddress(value: string): string {
  const m = /^(.*)<([^<>]+)>\s*$/s.exec(value.trim());
  if (!m) return mailAddress(value);
  const display = headerText(m[1] ?? '').replace(/[<>"\\]/g, '');
  return display ? `${display} <${mailAddress(m[2] ?? '')}>` : mailAddress(m[2] ?? '');
}

/** The SES v2 SendEmail input of a simple mail, headers made safe: the only way ketnap builds one. */
export function sendEmailInput(m: {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html?: string | undefined;
  tags?: { Name: string; Value: string }[];
}) {
  return {
    FromEmailAddress: senderAddress(m.from),
    Destination: { ToAddresses: m.to.map(mailAddress) },
    Content: {
      Simple: {
        Subject: { Data: headerText(m.subject), Charset: 'UTF-8' },
        Body: {
          Text: { Data: m.text, Charset: 'UTF-8' },
          ...(m.html ? { Html: { Data: m.html, Charset: 'UTF-8' } } : {}),
        },
      },
    },
    ...(m.tags ? { EmailTags: m.tags } : {}),
  };
}

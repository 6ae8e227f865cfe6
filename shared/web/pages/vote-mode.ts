// The vote forms' "in person or online" field (Hướng dẫn 03-HD/TW pilot), with the ruleset's warning while
// online votes on admissions and recognitions are not confirmed.
import { checkMeetingMode } from '../../domain/pool.ts';
import { rulesetFor } from '../../domain/ruleset.ts';
import { h, type Raw } from '../http.ts';
import { todayVn } from '../lang.ts';
import type { AuthedContext } from '../router.ts';
import { type FormValues, radios, val } from './common.ts';

export function meetingModeOf(v: FormValues): string {
  return val(v, 'meetingMode') ?? 'in_person';
}

export function meetingModeField(ctx: AuthedContext, v: FormValues): Raw {
  const t = ctx.t;
  const warning = checkMeetingMode('online', rulesetFor(todayVn())).find((f) => f.severity === 'warn');
  return h`${radios(
    'meetingMode',
    t('vote.meetingMode'),
    [
      { value: 'in_person', label: t('vote.meetingMode.in_person') },
      { value: 'online', label: t('vote.meetingMode.online') },
    ],
    meetingModeOf(v),
  )}${warning ? h`<p class="muted" id="online-vote-note">${warning.message[ctx.lang]}</p>` : ''}`;
}

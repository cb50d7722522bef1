/**
 * The audit log as people read it: one sentence per change ("Adele Vance assigned **BYOD
 * iPhones** to *Sales*"), the time in the admin's own time zone and language without seconds,
 * and Graph's request-id on a details line for support cases. Every name from the directory or
 * Intune is escaped here.
 */
import { escapeCardText, truncate } from '../../cards/text';
import { translator, type Translate } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import type { AuditEntry } from '../../storage/audit-log';

/** One row of cards/audit-list.json. */
export interface AuditRow {
  what: string;
  who: string;
  change: string;
}

/** Where and how to show times: Teams sends the client's `locale` and `localTimezone`. */
export interface TimeStyle {
  locale?: string;
  timeZone?: string;
}

const name = (text: string): string => `**${escapeCardText(truncate(text, 60))}**`;
const group = (text: string): string => `*${escapeCardText(truncate(text, 60))}*`;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Who an assignment targeted: the recorded label, else what the target's kind says. */
function targetText(value: unknown, t: Translate): { text: string; exclusion: boolean } {
  const doc = record(value);
  const target = record(doc?.target);
  const kind = typeof target?.kind === 'string' ? target.kind : '';
  const label =
    typeof doc?.label === 'string' && doc.label.trim() !== ''
      ? doc.label.replace(/ \(excluded\)$/, '')
      : undefined;
  if (kind === 'allUsers') return { text: t('admin.audit.allUsers'), exclusion: false };
  if (kind === 'allDevices') return { text: t('admin.audit.allDevices'), exclusion: false };
  return {
    text: group(label ?? t('admin.audit.aGroup')),
    exclusion: kind === 'exclusionGroup',
  };
}

/** The fields an update changed, in words. */
function changedFields(before: unknown, after: unknown, t: Translate): string[] {
  const b = record(before);
  const a = record(after);
  if (!b || !a) return [];
  const out: string[] = [];
  if (typeof a.displayName === 'string' && a.displayName !== b.displayName) {
    out.push(
      t('admin.audit.renamedFrom', {
        name: name(typeof b.displayName === 'string' ? b.displayName : ''),
      }),
    );
  }
  if (typeof a.description === 'string' && a.description !== (b.description ?? '')) {
    out.push(t('admin.audit.descriptionChanged'));
  }
  if (
    a.enrollmentType !== undefined ||
    a.availableEnrollmentTypeOptions !== undefined ||
    a.platform !== undefined
  ) {
    out.push(t('admin.audit.typeChanged'));
  }
  return out;
}

/** The sentence for one entry. */
export function auditSentence(e: AuditEntry, lang: Language = 'en'): string {
  const t = translator(lang);
  const who = escapeCardText(truncate(e.actor.name || t('admin.audit.someone'), 60));
  const profile = name(e.target.name);
  switch (e.action) {
    case 'profile.create':
      return t('admin.audit.created', { who, profile });
    case 'profile.delete':
      return t('admin.audit.deleted', { who, profile });
    case 'profile.update': {
      const fields = changedFields(e.before, e.after, t);
      return fields.length > 0
        ? t('admin.audit.changedFields', { who, profile, fields: fields.join(', ') })
        : t('admin.audit.changed', { who, profile });
    }
    case 'profile.reorder': {
      const before = Array.isArray(e.before) ? (e.before as unknown[]).map(String) : [];
      const after = Array.isArray(e.after) ? (e.after as unknown[]).map(String) : [];
      const from = before.indexOf(e.target.name) + 1;
      const to = after.indexOf(e.target.name) + 1;
      return from > 0 && to > 0
        ? t('admin.audit.moved', { who, profile, from, to })
        : t('admin.audit.movedInOrder', { who, profile });
    }
    case 'assignment.add': {
      const target = targetText(e.after, t);
      return target.exclusion
        ? t('admin.audit.excluded', { who, profile, target: target.text })
        : t('admin.audit.assigned', { who, profile, target: target.text });
    }
    case 'assignment.remove': {
      const target = targetText(e.before, t);
      return target.exclusion
        ? t('admin.audit.stoppedExcluding', { who, profile, target: target.text })
        : t('admin.audit.removed', { who, profile, target: target.text });
    }
    case 'answer.propose': {
      const from = record(e.after)?.fromCase;
      return typeof from === 'string'
        ? t('admin.audit.answerProposedFromCase', {
            who,
            profile,
            caseId: escapeCardText(truncate(from, 40)),
          })
        : t('admin.audit.answerProposed', { who, profile });
    }
    case 'answer.edit':
      return t('admin.audit.answerEdited', { who, profile });
    case 'answer.publish':
      return t('admin.audit.answerPublished', { who, profile });
    case 'answer.withdraw':
      return t('admin.audit.answerWithdrawn', { who, profile });
    case 'answer.discard':
      return t('admin.audit.answerDiscarded', { who, profile });
    case 'campaign.start': {
      const groups = record(e.after)?.groups;
      const list = Array.isArray(groups) ? groups.map(String).slice(0, 5).join(', ') : '';
      return list
        ? t('admin.audit.campaignStartedFor', {
            who,
            profile,
            groups: escapeCardText(truncate(list, 120)),
          })
        : t('admin.audit.campaignStarted', { who, profile });
    }
    case 'campaign.pause':
      return t('admin.audit.campaignPaused', { who, profile });
    case 'campaign.resume':
      return t('admin.audit.campaignResumed', { who, profile });
    case 'campaign.end':
      return t('admin.audit.campaignEnded', { who, profile });
    default:
      return t('admin.audit.changed', { who, profile });
  }
}

/** A time as the admin reads it: their zone and language, minutes precision, zone named. */
export function auditTime(iso: string, style: TimeStyle = {}): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return escapeCardText(truncate(iso, 40));
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  for (const [locale, timeZone] of [
    [style.locale, style.timeZone],
    ['en-GB', style.timeZone],
    ['en-GB', 'UTC'],
  ] as const) {
    try {
      return new Intl.DateTimeFormat(locale ?? 'en-GB', { ...options, timeZone }).format(at);
    } catch {
      // An unknown zone or locale: try the next, ending with UTC.
    }
  }
  return at.toISOString().slice(0, 16).replace('T', ' ');
}

/** The card row for one entry. */
export function auditRow(e: AuditEntry, style: TimeStyle = {}, lang: Language = 'en'): AuditRow {
  const t = translator(lang);
  const details = [
    e.sandbox ? t('admin.audit.localSandbox') : '',
    e.requestId ? t('admin.audit.requestId', { id: escapeCardText(e.requestId) }) : '',
  ].filter(Boolean);
  return {
    what: auditSentence(e, lang),
    who: auditTime(e.at, style),
    change: details.length > 0 ? t('admin.audit.details', { details: details.join(' · ') }) : '',
  };
}

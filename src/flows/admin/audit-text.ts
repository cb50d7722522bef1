/**
 * The audit log as people read it: one sentence per change ("Adele Vance assigned **BYOD
 * iPhones** to *Sales*"), the time in the admin's own time zone and language without seconds,
 * and Graph's request-id on a details line for support cases. Every name from the directory or
 * Intune is escaped here.
 */
import { escapeCardText, truncate } from '../../cards/text';
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
function targetText(value: unknown): { text: string; exclusion: boolean } {
  const doc = record(value);
  const target = record(doc?.target);
  const kind = typeof target?.kind === 'string' ? target.kind : '';
  const label =
    typeof doc?.label === 'string' && doc.label.trim() !== ''
      ? doc.label.replace(/ \(excluded\)$/, '')
      : undefined;
  if (kind === 'allUsers') return { text: 'all users', exclusion: false };
  if (kind === 'allDevices') return { text: 'all devices', exclusion: false };
  return {
    text: group(label ?? 'a group'),
    exclusion: kind === 'exclusionGroup',
  };
}

/** The fields an update changed, in words. */
function changedFields(before: unknown, after: unknown): string[] {
  const b = record(before);
  const a = record(after);
  if (!b || !a) return [];
  const out: string[] = [];
  if (typeof a.displayName === 'string' && a.displayName !== b.displayName) {
    out.push(`renamed from ${name(typeof b.displayName === 'string' ? b.displayName : '')}`);
  }
  if (typeof a.description === 'string' && a.description !== (b.description ?? '')) {
    out.push('description changed');
  }
  if (
    a.enrollmentType !== undefined ||
    a.availableEnrollmentTypeOptions !== undefined ||
    a.platform !== undefined
  ) {
    out.push('enrollment type changed');
  }
  return out;
}

/** The sentence for one entry. */
export function auditSentence(e: AuditEntry): string {
  const who = escapeCardText(truncate(e.actor.name || 'Someone', 60));
  const profile = name(e.target.name);
  switch (e.action) {
    case 'profile.create':
      return `${who} created ${profile}`;
    case 'profile.delete':
      return `${who} deleted ${profile}`;
    case 'profile.update': {
      const fields = changedFields(e.before, e.after);
      return `${who} changed ${profile}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
    }
    case 'profile.reorder': {
      const before = Array.isArray(e.before) ? (e.before as unknown[]).map(String) : [];
      const after = Array.isArray(e.after) ? (e.after as unknown[]).map(String) : [];
      const from = before.indexOf(e.target.name) + 1;
      const to = after.indexOf(e.target.name) + 1;
      return from > 0 && to > 0
        ? `${who} moved ${profile} from position ${from} to ${to}`
        : `${who} moved ${profile} in the priority order`;
    }
    case 'assignment.add': {
      const t = targetText(e.after);
      return t.exclusion
        ? `${who} excluded ${t.text} from ${profile}`
        : `${who} assigned ${profile} to ${t.text}`;
    }
    case 'assignment.remove': {
      const t = targetText(e.before);
      return t.exclusion
        ? `${who} stopped excluding ${t.text} from ${profile}`
        : `${who} removed ${t.text} from ${profile}`;
    }
    case 'answer.propose': {
      const from = record(e.after)?.fromCase;
      return `${who} proposed the answer ${profile}${typeof from === 'string' ? ` from case ${escapeCardText(truncate(from, 40))}` : ''}`;
    }
    case 'answer.edit':
      return `${who} edited the answer ${profile}`;
    case 'answer.publish':
      return `${who} published the answer ${profile} for employees`;
    case 'answer.withdraw':
      return `${who} withdrew the answer ${profile}`;
    case 'answer.discard':
      return `${who} discarded the proposed answer ${profile}`;
    case 'campaign.start': {
      const groups = record(e.after)?.groups;
      const list = Array.isArray(groups) ? groups.map(String).slice(0, 5).join(', ') : '';
      return `${who} started the enrollment campaign ${profile}${list ? ` for ${escapeCardText(truncate(list, 120))}` : ''}`;
    }
    case 'campaign.pause':
      return `${who} paused the enrollment campaign ${profile}`;
    case 'campaign.resume':
      return `${who} resumed the enrollment campaign ${profile}`;
    case 'campaign.end':
      return `${who} ended the enrollment campaign ${profile}`;
    default:
      return `${who} changed ${profile}`;
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
export function auditRow(e: AuditEntry, style: TimeStyle = {}): AuditRow {
  const details = [
    e.sandbox ? 'local sandbox' : '',
    e.requestId ? `request-id ${escapeCardText(e.requestId)}` : '',
  ].filter(Boolean);
  return {
    what: auditSentence(e),
    who: auditTime(e.at, style),
    change: details.length > 0 ? `Details: ${details.join(' · ')}` : '',
  };
}

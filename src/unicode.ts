/**
 * Unicode that must never reach a Teams client from untrusted text. Bidirectional embedding,
 * override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder what follows them: an
 * error text `invoice\u202efdp.exe` displays as "invoiceexe.pdf", a name can hide its real
 * spelling. Left-to-right and right-to-left marks stay: they only nudge neutral characters and
 * right-to-left names need them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** `text` without bidirectional embedding, override and isolate controls. */
export function stripBidiControls(text: string): string {
  return HAS_BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, '') : text;
}

/**
 * A copy of a JSON-like value (an activity, a card) with every string cleaned by
 * {@link stripBidiControls}; the value itself when nothing needed cleaning.
 */
export function withoutBidiControls<T>(value: T): T {
  // Almost every activity is clean: look first without copying anything.
  return holdsBidiControl(value) ? cleanCopy(value) : value;
}

/** Whether any string in a JSON-like value holds a bidirectional control (allocates nothing). */
function holdsBidiControl(value: unknown): boolean {
  if (typeof value === 'string') return HAS_BIDI_CONTROL.test(value);
  if (Array.isArray(value)) {
    for (const item of value) if (holdsBidiControl(item)) return true;
    return false;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (
        Object.prototype.hasOwnProperty.call(value, key) &&
        holdsBidiControl((value as Record<string, unknown>)[key])
      ) {
        return true;
      }
    }
  }
  return false;
}

/** {@link withoutBidiControls} once a control was found: copies what holds one. */
function cleanCopy<T>(value: T): T {
  if (typeof value === 'string') return stripBidiControls(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item: unknown) => {
      const clean = cleanCopy(item);
      if (clean !== item) changed = true;
      return clean;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const clean = cleanCopy(item);
      if (clean !== item) changed = true;
      out[key] = clean;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

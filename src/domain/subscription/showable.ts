/**
 * Characters that have no place in text shown back in pages and mails: C0 and C1 controls and
 * DEL (they break headers and CSV), the line and paragraph separators, and the bidirectional
 * overrides and isolates, which reorder what is displayed around them (a list called
 * "\u202Eevil" reads backwards).
 */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/**
 * Whether text typed by a person or by staff (a name, a list's name) can be shown back as it
 * is: the one rule for every door (the forms, the admin API, the console, a CSV import).
 *
 * @example isShowable('Ada Lovelace') // true; isShowable('\u202Eevil') // false
 */
export function isShowable(text: string, options: { multiline?: boolean } = {}): boolean {
  // A description may run over lines (the console's textarea): line breaks and tabs are text.
  return !UNSHOWABLE.test(options.multiline ? text.replace(/[\n\r\t]/g, '') : text)
}

/**
 * The emoji codes arbot writes, and a few common ones, as characters. An unknown code stays `:code:`, as Slack shows
 * a code it does not know.
 */
const emoji: Readonly<Record<string, string>> = {
  ballot_box_with_check: '☑️', broken_heart: '💔', bust_in_silhouette: '👤', construction: '🚧',
  double_vertical_bar: '⏸️', envelope: '✉️', grey_question: '❔', hourglass: '⌛', mag: '🔍', memo: '📝',
  no_entry_sign: '🚫', raised_hand: '✋', raising_hand: '🙋', rotating_light: '🚨', tada: '🎉', warning: '⚠️',
  white_check_mark: '✅', x: '❌', heavy_check_mark: '✔️', calendar: '📆', chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉', bar_chart: '📊', moneybag: '💰', money_with_wings: '💸', bell: '🔔',
  clock1: '🕐', alarm_clock: '⏰', thumbsup: '👍', '+1': '👍', eyes: '👀', fire: '🔥', inbox_tray: '📥',
  outbox_tray: '📤', email: '📧', receipt: '🧾', pushpin: '📌', information_source: 'ℹ️', hourglass_flowing_sand: '⏳',
  handshake: '🤝', house: '🏠', spiral_calendar_pad: '🗓️', large_green_circle: '🟢', large_yellow_circle: '🟡',
  red_circle: '🔴', arrow_right: '➡️', speech_balloon: '💬', lock: '🔒', scales: '⚖️', page_facing_up: '📄',
};

/**
 * Replaces `:code:` with its character in text that is already HTML-escaped (codes never contain `&`, `<`, `>`).
 * @example emojify('Done :tada:') // "Done 🎉"
 */
export function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => emoji[code] ?? whole);
}

import { attrs, escapeHtml, hiddenFields, type Html } from '../../../blocks/local/html.js';
import type { LocalUser } from '../local-directory.js';

/** Everything the frame around a page shows: who is acting, the channels, the demo clock. */
export interface Frame {
  readonly title: string;
  /** The path of this page, where forms come back to. */
  readonly here: string;
  readonly csrf: string;
  readonly users: readonly LocalUser[];
  readonly me: LocalUser;
  /** Channel names with a count of top-level messages; the current one is marked. */
  readonly channels: readonly { name: string; count: number; mine: boolean; dm: boolean }[];
  readonly current: string;
  readonly outboxCount: number;
  /** Null when the demo clock is off (a chat platform is configured, or a server database). */
  readonly clock: { readonly now: string; readonly offset: string } | null;
  readonly notice: string | null;
}

export const form = (action: string, f: Frame, inner: Html, cls = '') =>
  `<form method="post"${attrs({ action, class: cls || null })}>${hiddenFields({ csrf: f.csrf, back: f.here })}${inner}</form>`;

function sidebar(f: Frame): Html {
  const link = (href: string, label: Html, current: boolean, extra = '') =>
    `<li><a${attrs({ href, 'aria-current': current ? 'page' : null })}>${label}</a>${extra}</li>`;
  const channels = f.channels.filter((c) => !c.dm).map((c) => link(
    `/local/c/${encodeURIComponent(c.name)}`,
    `<span aria-hidden="true">#</span>${escapeHtml(c.name)}${c.mine ? ' <span class="you">(yours)</span>' : ''}`,
    f.current === `c:${c.name}`,
    c.count > 0 ? `<span class="count" aria-label="${c.count} messages">${c.count}</span>` : '',
  )).join('');
  const dm = f.channels.find((c) => c.dm);
  return `<nav class="sidebar" aria-label="Workspace">
<p class="workspace-name">arbot <span class="badge">local</span></p>
<ul role="list">${link('/local/home', 'Home (my queue)', f.current === 'home')}${dm ? link(`/local/c/${encodeURIComponent(dm.name)}`, 'Messages with arbot', f.current === `c:${dm.name}`, dm.count > 0 ? `<span class="count">${dm.count}</span>` : '') : ''}${link('/local/outbox', 'Customer outbox', f.current === 'outbox', f.outboxCount > 0 ? `<span class="count" aria-label="${f.outboxCount} emails">${f.outboxCount}</span>` : '')}</ul>
<h2 class="side-title">Channels</h2>
<ul role="list">${channels}</ul>
</nav>`;
}

function topbar(f: Frame): Html {
  const options = f.users.map((u) => `<option${attrs({ value: u.id, selected: u.id === f.me.id })}>${escapeHtml(u.name)} · ${u.team}${u.approver ? ', approver' : ''}</option>`).join('');
  const clock = f.clock === null ? '' : `<section class="clock" aria-label="Demo clock">
<p><span class="label">Demo clock</span> <strong data-clock>${escapeHtml(f.clock.now)}</strong>${f.clock.offset ? ` <span class="offset">(${escapeHtml(f.clock.offset)})</span>` : ''}</p>
${form('/local/clock', f, '<button type="submit" name="step" value="jobs" class="bk-button">Run jobs now</button><button type="submit" name="step" value="day" class="bk-button">Advance one day</button><button type="submit" name="step" value="cadence" class="bk-button">Next cadence step</button>', 'clock-form')}
</section>`;
  return `<header class="topbar">
${form('/local/as', f, `<label for="as-user">Acting as</label> <select id="as-user" name="user">${options}</select> <button type="submit" class="bk-button">Switch</button>`, 'user-switch')}
${clock}
</header>`;
}

/** A whole page: skip link, top bar (user switcher, clock), sidebar, the main content and an open modal if any. */
export function page(f: Frame, main: Html, modal: Html = ''): Html {
  const notice = f.notice ? `<div class="notice" role="status">${escapeHtml(f.notice)}</div>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(f.title)} · arbot local workspace</title>
<link rel="stylesheet" href="/local/assets/app.css">
<script src="/local/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${topbar(f)}
<div class="layout">
${sidebar(f)}
<main id="main" tabindex="-1">${notice}${main}</main>
</div>
${modal}
</body>
</html>`;
}

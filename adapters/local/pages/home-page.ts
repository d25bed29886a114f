import { blocksHtml } from '../../../blocks/local/block-html.js';
import type { Html } from '../../../blocks/local/html.js';
import type { MrkdwnContext } from '../../../blocks/local/mrkdwn-html.js';
import type { LocalView } from '../../../src/ports/local-slack-store.js';
import type { Frame } from './layout.js';

/** The App Home tab arbot published for the viewer (drawn by its app_home_opened listener). */
export function homeMain(home: LocalView | null, names: MrkdwnContext, f: Frame): Html {
  if (home === null) return '<h1>Home</h1><p class="empty">arbot has not published a Home tab for you.</p>';
  const target = { action: '/local/act', hidden: { csrf: f.csrf, back: f.here, surface: 'view', view_id: home.id } };
  // The tab's header blocks are h3: a hidden h2 keeps the outline h1, h2, h3.
  return `<h1 class="visually-hidden">Home</h1><h2 class="visually-hidden">Your queue</h2><div class="home">${blocksHtml(home.view.blocks, { ...names, target, idPrefix: `home-${home.id}` })}</div>`;
}

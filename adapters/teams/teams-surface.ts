import type { ChatCore } from '../../src/chat/chat-core.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { alertCard } from './teams-context.js';
import type { TeamsMessages } from './teams-messages.js';

/**
 * Teams as the core redraws it after a change (made here or on another platform): every Teams card of the
 * subject re-rendered for everyone, and the reply line posted under each.
 */
export function teamsSurface(messages: TeamsMessages, core: Pick<ChatCore, 'people'>): ChatSurface {
  return {
    platform: 'teams',
    async redraw(subject, view, threadLine) {
      await messages.refresh(subject, view ? await alertCard(core.people, view) : null, threadLine);
    },
  };
}

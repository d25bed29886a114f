import type { Logger } from '../log.js';
import type { SubjectRef } from '../domain/subject.js';
import type { ChatPeople, ChatViews } from '../ports/chat-views.js';
import type { ChatCoreDeps } from './chat-core-deps.js';
import type { ChatSurface } from './chat-surface.js';
import { handleInteraction, redrawEverywhere } from './handle-interaction.js';
import type { ChatPlatform, Interaction, Outcome } from './interaction.js';

/** The chat core as the surfaces use it: handle an interaction, redraw after a change, read views to render. */
export interface ChatCore {
  handle(interaction: Interaction): Promise<Outcome>;
  /** After a `done` outcome, once the person has their answer: every surface's messages of the subjects. */
  redraw(subjects: readonly SubjectRef[], thread: string | null, acting: ChatPlatform | null): Promise<void>;
  /** Registers a surface to redraw (each platform the process runs adds its own at start). */
  addSurface(surface: ChatSurface): void;
  readonly views: ChatViews;
  readonly people: ChatPeople;
  readonly log: Logger;
  readonly now: () => Date;
  /** COMPANY_TIMEZONE. */
  readonly zone: string;
}

export function createChatCore(deps: Omit<ChatCoreDeps, 'surfaces'>): ChatCore {
  const surfaces: ChatSurface[] = [];
  const full: ChatCoreDeps = { ...deps, surfaces: () => surfaces };
  return {
    handle: (interaction) => handleInteraction(full, interaction),
    redraw: (subjects, thread, acting) => redrawEverywhere(full, subjects, thread, acting),
    addSurface(surface) {
      if (!surfaces.some((s) => s.platform === surface.platform)) surfaces.push(surface);
    },
    views: deps.views, people: deps.people, log: deps.log, now: deps.now, zone: deps.zone,
  };
}

import type { TeamsCard } from '../../../blocks/teams/adaptive-card.js';

/** The answer to an `adaptiveCard/action` invoke: a card (it replaces the clicked card for the clicker) or an error. */
export type CardInvokeResponse =
  | { readonly statusCode: 200; readonly type: 'application/vnd.microsoft.card.adaptive'; readonly value: TeamsCard['card'] }
  | { readonly statusCode: 200; readonly type: 'application/vnd.microsoft.activity.message'; readonly value: string }
  | { readonly statusCode: 400; readonly type: 'application/vnd.microsoft.error'; readonly value: { readonly code: string; readonly message: string } };

export const badRequest = (message: string): CardInvokeResponse =>
  ({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } });
export const cardAnswer = (card: TeamsCard): CardInvokeResponse =>
  ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card.card });
export const textAnswer = (text: string): CardInvokeResponse =>
  ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text });

/** The card if there is one, else the text. */
export const cardOr = (card: TeamsCard | null, text: string): CardInvokeResponse => (card ? cardAnswer(card) : textAnswer(text));

// Moved into chat-action.ts (the actions and how every control decodes to them, in one file); kept while
// branches still import it.
export * from './chat-action.js';

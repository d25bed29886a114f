import type { LocalOwnerRow, LocalSlackStore } from '../../src/ports/local-slack-store.js';
import type { Sql } from './connect.js';
import {
  deleteLocalMessage, findLocalMessage, insertLocalMessage, lastLocalMessageId, localAnswerSince, localChannelCounts,
  localChannelMessages, nextLocalSeq, updateLocalMessage,
} from './local-slack-messages.js';
import {
  closeAllLocalModals, closeLocalModal, findLocalView, findLocalViewByExternalId, insertLocalView, localHomeOf, publishLocalHome,
  replaceLocalView, topLocalModal,
} from './local-slack-views.js';

/** The local workspace's Slack state in Postgres, for the Slack emulator and the workspace's pages. */
export function postgresLocalSlackStore(sql: Sql): LocalSlackStore {
  return {
    nextSeq: () => nextLocalSeq(sql),
    insertMessage: (m) => insertLocalMessage(sql, m),
    findMessage: (channel, ts) => findLocalMessage(sql, channel, ts),
    updateMessage: (channel, ts, content, at) => updateLocalMessage(sql, channel, ts, content, at),
    deleteMessage: (channel, ts, at) => deleteLocalMessage(sql, channel, ts, at),
    insertView: (v) => insertLocalView(sql, v),
    findView: (id) => findLocalView(sql, id),
    findViewByExternalId: (externalId) => findLocalViewByExternalId(sql, externalId),
    replaceView: (id, content, errors) => replaceLocalView(sql, id, content, errors ?? null),
    topModal: (userId) => topLocalModal(sql, userId),
    closeModal: (v) => closeLocalModal(sql, v),
    closeAllModals: (userId) => closeAllLocalModals(sql, userId),
    publishHome: (userId, id, content) => publishLocalHome(sql, userId, id, content),
    homeOf: (userId) => localHomeOf(sql, userId),
    channelMessages: (channel, viewer, limit) => localChannelMessages(sql, channel, viewer, limit),
    channelCounts: (viewer) => localChannelCounts(sql, viewer),
    lastMessageId: () => lastLocalMessageId(sql),
    answerSince: (channel, anchorTs, viewer, afterId) => localAnswerSince(sql, channel, anchorTs, viewer, afterId),
    owners: () => sql<LocalOwnerRow[]>`SELECT id, email, name, team, approver FROM owners ORDER BY id`,
  };
}

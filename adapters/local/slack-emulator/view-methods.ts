import { randomBytes } from 'node:crypto';
import type { LocalView } from '../../../src/ports/local-slack-store.js';
import { withSlackIds } from './block-ids.js';
import { checkView } from './block-kit-limits.js';
import { INVALID_JSON, fail, invalid, ok, str, type Json, type Method, type MethodContext } from './emulator-types.js';

// views.open / push / update / publish, answering as Slack's method reference documents. Modals stack per user
// (Slack allows three); a new root replaces whatever modal the user had open.

const pointerError = (error: string, message: string) => fail(error, { response_metadata: { messages: [`[ERROR] ${message}`] } });

function checkViewArg(args: Json, c: MethodContext, type: 'modal' | 'home'): Json | null {
  const view = args.view;
  if (view === undefined) return pointerError('invalid_arguments', 'missing required field: view');
  if (view === INVALID_JSON) return pointerError('invalid_arguments', 'failed to parse view');
  if (view === null || typeof view !== 'object' || Array.isArray(view)) return pointerError('invalid_arguments', 'must be an object [json-pointer:/view]');
  if (c.validateBlocks) {
    const problems = checkView(view);
    if (problems.length) return invalid('invalid_arguments', problems, false);
  }
  return view.type === type ? null : pointerError('invalid_arguments', `must be ${type} [json-pointer:/view/type]`);
}

/** A view as Slack answers views.open: the caller's view plus id, state, hash and the ids of its stack. */
function storedView(c: MethodContext, input: Json, id: string, rootId: string, previous: string | null): Json {
  const { teamId, appId, botId } = c.identity;
  return {
    id, team_id: teamId, type: input.type,
    blocks: withSlackIds(Array.isArray(input.blocks) ? input.blocks : []),
    private_metadata: str(input.private_metadata) ?? '', callback_id: str(input.callback_id) ?? '',
    state: { values: {} }, hash: `${Math.floor(c.now().getTime() / 1000)}.${randomBytes(4).toString('hex')}`,
    clear_on_close: input.clear_on_close === true || input.clear_on_close === 'true',
    notify_on_close: input.notify_on_close === true || input.notify_on_close === 'true',
    external_id: str(input.external_id) ?? '', previous_view_id: previous, root_view_id: rootId,
    app_id: appId, app_installed_team_id: teamId, bot_id: botId,
    ...(input.type === 'modal' ? { title: input.title ?? null, close: input.close ?? null, submit: input.submit ?? null } : {}),
  };
}

const viewsOpen = (push: boolean): Method => async (args, c) => {
  const trigger = str(args.trigger_id) ?? str(args.interactivity_pointer);
  if (trigger === null) return pointerError('invalid_arguments', 'missing required field: trigger_id');
  // A trigger id can be exchanged once (and within 3 s, not simulated).
  if (c.usedTriggers.has(trigger)) return fail('exchanged_trigger_id');
  const user = c.profile.userOfTrigger(trigger);
  if (user === null) return fail('invalid_trigger_id');
  const bad = checkViewArg(args, c, 'modal');
  if (bad) return bad;
  // A trigger naming nobody known (the tests') opens a modal of its own, outside any stack.
  const top = user === '' ? null : await c.store.topModal(user);
  if (push && top === null) return fail('not_found');
  if (push && top!.depth >= 2) return fail('push_limit_reached');
  if (!push && user !== '') await c.store.closeAllModals(user);
  c.usedTriggers.add(trigger);
  const id = await c.newViewId();
  const rootId = push ? top!.rootId : id;
  const view = storedView(c, args.view, id, rootId, push ? top!.id : null);
  await c.store.insertView({ id, userId: user, kind: 'modal', rootId, depth: push ? top!.depth + 1 : 0, view, triggerId: trigger });
  return ok({ view });
};

const viewsUpdate: Method = async (args, c) => {
  const byId = str(args.view_id);
  const external = str(args.external_id);
  const existing = byId ? await c.store.findView(byId) : external ? await c.store.findViewByExternalId(external) : null;
  if (!existing) return fail('not_found');
  if (args.hash !== undefined && args.hash !== existing.view.hash) return fail('hash_conflict');
  const bad = checkViewArg(args, c, existing.kind);
  if (bad) return bad;
  const view = storedView(c, args.view, existing.id, existing.rootId, (existing.view.previous_view_id as string | null) ?? null);
  await c.store.replaceView(existing.id, view);
  return ok({ view });
};

const viewsPublish: Method = async (args, c) => {
  const user = str(args.user_id);
  if (user === null) return fail('invalid_arguments');
  if (!(await c.profile.canAddress(user))) return fail('user_not_found');
  const bad = checkViewArg(args, c, 'home');
  if (bad) return bad;
  const previous: LocalView | null = await c.store.homeOf(user);
  if (args.hash !== undefined && previous && args.hash !== previous.view.hash) return fail('hash_conflict');
  const id = previous?.id ?? (await c.newViewId());
  const view = storedView(c, args.view, id, id, null);
  await c.store.publishHome(user, id, view);
  return ok({ view });
};

export const viewMethods: Readonly<Record<string, Method>> = {
  'views.open': viewsOpen(false),
  'views.push': viewsOpen(true),
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
};

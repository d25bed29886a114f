import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * manifest.yml is what a company pastes into api.slack.com/apps; Slack refuses an invalid one, and a valid one
 * with a wrong URL or a missing scope installs an app that silently never hears from Slack. So: Slack's published
 * JSON Schema first, then the facts arbot depends on.
 */

const fixtures = new URL('../fixtures/slack/', import.meta.url);
const readJson = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
// parseDocument collects syntax errors instead of throwing, so a broken file fails one named test, and the
// other checks still run on the best-effort reading.
const document = parseDocument(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
const manifest = document.toJS();

let validate: ValidateFunction;

beforeAll(() => {
  const top = readJson('manifest.schema.json');
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  // Annotations in Slack's schema, not JSON Schema keywords: `_note` is a comment, and `regex` (on
  // background_color) was meant as `pattern` but asserts nothing; the test below checks the colour itself.
  ajv.addVocabulary(['_note', 'regex']);
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  // The top schema $refs each versioned schema by a raw.githubusercontent.com URL: serve local copies under
  // exactly those URLs, so validation never touches the network.
  for (const ref of new Set(JSON.stringify(top).match(/https:\/\/raw\.githubusercontent\.com\/[^"]+\.json/g))) {
    ajv.addSchema(readJson(ref.slice(ref.lastIndexOf('/') + 1)), ref);
  }
  validate = ajv.compile(top);
});

describe('manifest.yml against Slack\'s app-manifest schema', () => {
  it('is well-formed YAML (an unquoted ": " inside a value starts a nested mapping)', () => {
    expect(document.errors.map((e) => e.message)).toEqual([]);
  });

  it('is a valid version 1 manifest', () => {
    expect(manifest._metadata.major_version).toBe(1);
    const valid = validate(manifest);
    // Ajv's raw errors repeat for each oneOf branch; the distinct "where: what" lines are what a reader needs.
    expect([...new Set((validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`))]).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['a slash command without a description', (m: any) => delete m.features.slash_commands[0].description], // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form manifest
    ['a misspelt setting', (m: any) => (m.settings.interactivity.request_uri = m.settings.interactivity.request_url)], // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form manifest
    ['a description over 140 characters', (m: any) => (m.display_information.description = 'x'.repeat(141))], // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form manifest
  ])('would catch %s (the schema is not vacuous)', (_, breakIt) => {
    const broken = structuredClone(manifest);
    breakIt(broken);
    expect(validate(broken)).toBe(false);
  });
});

describe('what arbot needs from its Slack app', () => {
  const base = new URL(manifest.settings.interactivity.request_url).origin;
  const eventsUrl = `${base}/slack/events`;

  it('sends commands, interactions and events to one /slack/events on one base URL', () => {
    expect(base).toMatch(/^https:\/\//);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: eventsUrl });
    expect(manifest.settings.event_subscriptions.request_url).toBe(eventsUrl);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('declares /dso, /ar, /review and /team, all pointing at /slack/events', () => {
    const commands = manifest.features.slash_commands as { command: string; url: string }[];
    expect(commands.map((c) => c.command).sort()).toEqual(['/ar', '/dso', '/review', '/team']);
    for (const c of commands) expect(c.url).toBe(eventsUrl);
  });

  it('enables the App Home tab and subscribes to app_home_opened', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    // Refusals of clicks made on the App Home arrive in the app's messages tab, read-only.
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: true });
  });

  it('asks for exactly the bot scopes arbot uses', () => {
    // chat:write: post, update and thread alerts, ephemerals; commands: /dso and /ar; users:read and
    // users:read.email: users.lookupByEmail to match owners to Slack users. No chat:write.public: arbot posts only
    // in channels it was invited to (the README says so), rather than in every public channel.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'users:read', 'users:read.email']);
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('uses a background colour Slack accepts (the schema names the pattern but does not enforce it)', () => {
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('runs with no environment at all: embedded database, port 3000, UTC', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.API_TOKEN).toBeUndefined();
    expect(c).toMatchObject({ DATA_DIR: './.data', PORT: 3000, COMPANY_TIMEZONE: 'UTC' });
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected an integer from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT: expected an integer from 0 to 65535 (got "70000")'],
    [{ COMPANY_TIMEZONE: 'Mars/Base' }, 'COMPANY_TIMEZONE: expected an IANA time zone such as Europe/Paris (got "Mars/Base")'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL: expected an http(s) URL (got "ftp://x")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('never echoes a secret it refuses', () => {
    expect(() => loadConfig({ API_TOKEN: 'hunter2' })).toThrow('API_TOKEN: expected at least 16 characters');
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:s3cret@db/x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
      expect((e as Error).message).toMatch(/^DATABASE_URL: expected a postgres:\/\//);
    }
  });

  it('trims a trailing slash from PUBLIC_BASE_URL and treats empty values as unset', () => {
    const c = loadConfig({ PUBLIC_BASE_URL: 'https://ar.example.com/', DATABASE_URL: '', API_TOKEN: '' });
    expect(c.publicBaseUrl).toBe('https://ar.example.com');
    expect([c.DATABASE_URL, c.API_TOKEN]).toEqual([undefined, undefined]);
  });
});

describe('chartBaseUrl: where chat images load charts from', () => {
  it.each([
    ['PUBLIC_BASE_URL set', { PUBLIC_BASE_URL: 'https://ar.example.com/', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'https://ar.example.com'],
    ['the local workspace alone: its own address', {}, 'http://localhost:3000'],
    ['Slack without PUBLIC_BASE_URL: none (Slack cannot load localhost)', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, null],
    ['Teams without PUBLIC_BASE_URL: none', { MICROSOFT_APP_ID: 'app' }, null],
    ['no workspace and no platform: none', { LOCAL_WORKSPACE: 'off' }, null],
  ])('%s', (_name, env, expected) => {
    expect(loadConfig(env).chartBaseUrl).toBe(expected);
  });
});

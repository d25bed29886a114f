import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage } from '../../adapters/teams/app/package-app.js';

/**
 * The Teams app package is what an admin uploads; Teams refuses an invalid manifest, and a valid one with the wrong
 * bot id or scopes installs an app that never hears from arbot. So: Microsoft's published manifest JSON Schema
 * (vendored, test/fixtures/teams/README.md), then the facts arbot depends on, then the zip `npm run teams:package`
 * writes.
 */

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('adapters/teams/app/manifest.json', root), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('test/fixtures/teams/MicrosoftTeams.schema.1.25.json', root), 'utf8'));
let validate: ValidateFunction;

beforeAll(() => {
  // Draft-04 meta-schema: Ajv 8 validates the same keywords as its default draft once `$schema` is dropped. Some
  // patterns use escapes (\a) that are invalid with the `u` flag, hence unicodeRegExp off.
  const { $schema: _drop, ...body } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (v: string) => URL.canParse(v));
  ajv.addFormat('uri-reference', () => true);
  ajv.addFormat('regex', () => true);
  validate = ajv.compile(body);
});

const errors = (m: unknown) => (validate(m) ? [] : [...new Set((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`))]);

/** Width, height and RGBA pixels of a PNG arbot wrote (8-bit RGBA, filter 0 on every row). */
function png(bytes: Buffer) {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = y * (width * 4 + 1) + 1 + x * 4;
    pixels.push([raw[i]!, raw[i + 1]!, raw[i + 2]!, raw[i + 3]!]);
  }
  return { width, height, pixels };
}

describe('the Teams app manifest', () => {
  it('is valid against the Teams manifest schema of the version it declares', () => {
    expect(schema.properties.manifestVersion.const).toBe(manifest.manifestVersion);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(errors(manifest)).toEqual([]);
  });

  it('is checked for real: a broken manifest fails the schema', () => {
    expect(errors({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['everywhere'] }] }).length).toBeGreaterThan(0);
    expect(errors({ ...manifest, id: 'not-a-guid' }).length).toBeGreaterThan(0);
  });

  it('declares one bot in team, personal and group chat scopes, with the dso and ar commands', () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    const commands = manifest.bots[0].commandLists.flatMap((l: { commands: { title: string }[] }) => l.commands.map((c) => c.title));
    expect(commands).toEqual(['dso', 'ar']);
    expect(manifest.bots[0].isNotificationOnly).toBe(false);
  });

  it('has the two icons Teams requires: 192×192 colour, 32×32 white outline on transparent', async () => {
    const color = png(await readFile(new URL(`adapters/teams/app/${manifest.icons.color}`, root)));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = png(await readFile(new URL(`adapters/teams/app/${manifest.icons.outline}`, root)));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    expect(outline.pixels.some(([, , , a]) => a === 0)).toBe(true);
  });
});

describe('npm run teams:package', () => {
  it('writes a zip with the deployment\'s bot id and domain, valid against the schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbot-teams-'));
    try {
      const out = join(dir, 'app.zip');
      const env: NodeJS.ProcessEnv = { ...process.env, MICROSOFT_APP_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', PUBLIC_BASE_URL: 'https://ar.acme.example' };
      await promisify(execFile)('npm', ['run', '--silent', 'teams:package', '--', out], { cwd: new URL('.', root).pathname, env });
      const zip = await JSZip.loadAsync(await readFile(out));
      expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const packaged = JSON.parse(await zip.file('manifest.json')!.async('string'));
      expect(errors(packaged)).toEqual([]);
      expect(packaged.bots[0].botId).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
      expect(packaged.validDomains).toEqual(['ar.acme.example']);
      expect(Buffer.from(await zip.file('color.png')!.async('uint8array'))).toEqual(await readFile(new URL('adapters/teams/app/color.png', root)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is reproducible: the same settings give the same bytes', () => {
    const settings = { botId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', publicBaseUrl: 'https://ar.acme.example' };
    expect(buildTeamsPackage(settings).equals(buildTeamsPackage(settings))).toBe(true);
  });
});

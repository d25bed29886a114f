import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config.js';
import { zipStored } from './zip.js';

// `npm run teams:package [out.zip]`: the Teams app package to upload (Teams admin center, or "Upload a custom app"):
// manifest.json with this deployment's bot id and domain, and the two icons, at the root of a zip.

const here = (name: string) => new URL(`./${name}`, import.meta.url);
const placeholderBotId = '00000000-0000-0000-0000-000000000000';

export interface PackageSettings {
  /** MICROSOFT_APP_ID: the bot's Azure app registration. */
  readonly botId?: string | undefined;
  /** PUBLIC_BASE_URL: where Teams reaches arbot (its host becomes the app's valid domain). */
  readonly publicBaseUrl: string;
}

/** The manifest for one deployment: its bot id, and its public host as the developer site and valid domain. */
export function deploymentManifest(settings: PackageSettings): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(here('manifest.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the manifest file, checked by its schema in the tests
  delete manifest.$schema;
  manifest.$schema = `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`;
  manifest.bots[0].botId = settings.botId ?? placeholderBotId;
  const url = new URL(settings.publicBaseUrl);
  if (url.protocol === 'https:') {
    manifest.validDomains = [url.host];
    manifest.developer.websiteUrl = url.origin;
  }
  return manifest;
}

/** The zip Teams takes: manifest.json, color.png and outline.png at its root. */
export function buildTeamsPackage(settings: PackageSettings): Buffer {
  return zipStored([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(deploymentManifest(settings), null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: readFileSync(here('color.png')) },
    { name: 'outline.png', data: readFileSync(here('outline.png')) },
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadConfig();
  const out = resolve(process.argv[2] ?? 'arbot-teams.zip');
  writeFileSync(out, buildTeamsPackage({ botId: config.MICROSOFT_APP_ID, publicBaseUrl: config.publicBaseUrl }));
  console.log(`wrote ${out}`);
  if (!config.MICROSOFT_APP_ID) console.warn(`MICROSOFT_APP_ID is unset: the package's bot id is the placeholder ${placeholderBotId}; set it and package again before uploading`);
  if (!config.publicBaseUrl.startsWith('https://')) console.warn('PUBLIC_BASE_URL is not https: Teams only reaches bots over https; the manifest keeps its example domain');
}

// `npm run deploy-commands`: registers the slash commands over REST alone (no gateway
// session), for DISCORD_GUILD_ID when set (instant, for testing) or globally.
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { commands } from '../../../commands/index';
import { ConfigError, loadConfig, loadEnvFile, type Config } from '../../config';
import { redact, registerSecret } from '../../core/log';
import { commandsJson } from './commands-json';

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId?: string;
  applicationId: string;
  names: string[];
}

export async function deployCommands(config: Config): Promise<DeployResult> {
  const { token, apiRoot, guildId } = config.discord;
  if (!token) throw new Error('DISCORD_TOKEN is not set');
  registerSecret(token);
  const rest = new REST(apiRoot ? { api: apiRoot } : {}).setToken(token);
  try {
    const app = (await rest.get(Routes.currentApplication())) as { id: string };
    const body = commandsJson(commands, { global: !guildId });
    const route = guildId ? Routes.applicationGuildCommands(app.id, guildId) : Routes.applicationCommands(app.id);
    const saved = (await rest.put(route, { body })) as { name: string }[];
    return { scope: guildId ? 'guild' : 'global', ...(guildId ? { guildId } : {}), applicationId: app.id, names: saved.map((c) => c.name) };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

export function describeDeploy(r: DeployResult): string {
  const list = r.names.map((n) => `/${n}`).join(' ');
  return r.scope === 'guild'
    ? `Registered ${r.names.length} slash commands in server ${r.guildId}: ${list}`
    : `Registered ${r.names.length} global slash commands: ${list}\n(Set DISCORD_GUILD_ID to register them in one server instead, e.g. while testing.)`;
}

async function main(): Promise<void> {
  loadEnvFile();
  try {
    const result = await deployCommands(loadConfig());
    process.stdout.write(describeDeploy(result) + '\n');
  } catch (err) {
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(redact(`deploy-commands failed: ${message}`) + '\n');
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();

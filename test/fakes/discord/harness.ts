// Test helpers: a real discord.js client logged in to a fake Discord, and a way to catch the next interaction.

import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { FakeDiscord } from './server';

/** Logs a Guilds-intent discord.js client in to the fake and waits for its ready event. */
export async function connectClient(fake: FakeDiscord): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiRoot } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}

/** Resolves with the next interaction the client emits; call before triggering it. */
export function nextInteraction(client: Client): Promise<Interaction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

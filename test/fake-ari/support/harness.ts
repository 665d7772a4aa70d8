import { startFakeAri, type FakeAri, type FakeAriOptions } from '../server.js';
import { TestApp } from './test-app.js';

/** Starts fakes and apps for one test file and closes them all afterwards. */
export class Harness {
  private readonly fakes: FakeAri[] = [];
  private readonly apps: TestApp[] = [];

  async fake(options: FakeAriOptions = {}): Promise<FakeAri> {
    const fake = await startFakeAri(options);
    this.fakes.push(fake);
    return fake;
  }

  async app(fake: FakeAri, options: { app?: string; subscribeAll?: boolean } = {}): Promise<TestApp> {
    const app = await TestApp.connect(fake, options.app ?? 'callcentre', options.subscribeAll ?? true);
    this.apps.push(app);
    return app;
  }

  /** A fake plus a connected subscribeAll app. */
  async start(options: FakeAriOptions = {}, subscribeAll = true): Promise<{ fake: FakeAri; app: TestApp }> {
    const fake = await this.fake(options);
    return { fake, app: await this.app(fake, { subscribeAll }) };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.apps.splice(0).map((app) => app.close()));
    await Promise.all(this.fakes.splice(0).map((fake) => fake.close()));
  }
}

/** Event types of one channel, in order. */
export function typesFor(app: TestApp, channelId: string): string[] {
  return app.events
    .filter((e) => (e.channel as { id?: string } | undefined)?.id === channelId || (e.peer as { id?: string } | undefined)?.id === channelId)
    .map((e) => e.type);
}

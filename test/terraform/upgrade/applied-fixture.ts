/**
 * What every focused library-upgrade test starts from: a fixture (an app as an older
 * commit synthesized it, made by upgrade-fixture.sh) applied with the real terraform
 * against the offline stubs, and the steps the tests take on it afterwards.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { SynthesizedApp, TerraformError, TerraformHarness } from '../harness';
import { expectSuccess } from '../support';

export class AppliedFixture {
  /** Copies `fixtures/<name>` into a fresh harness and applies every stack. */
  public static async apply(name: string): Promise<AppliedFixture> {
    const harness = await TerraformHarness.start();
    const outdir = path.join(harness.workDir, 'tenant');
    fs.cpSync(path.join(__dirname, '..', 'fixtures', name), outdir, { recursive: true });
    const app = SynthesizedApp.open(outdir);
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
    return new AppliedFixture(harness, app);
  }

  private constructor(
    public readonly harness: TerraformHarness,
    public readonly app: SynthesizedApp,
  ) {}

  /** Today's library synthesizes `build` over the applied stacks (state kept), and inits. */
  public async upgradeTo(build: (app: App) => App): Promise<void> {
    this.app.replaceConfiguration(
      SynthesizedApp.synth(build, path.join(this.harness.workDir, 'current')),
    );
    expectSuccess(await this.harness.init(this.app));
  }

  /** `terraform apply` of one stack; throws with terraform's output on failure. */
  public async applyStack(stack: string, extra: string[] = []): Promise<void> {
    const args = ['apply', '-input=false', '-no-color', '-auto-approve', ...extra];
    const result = await this.harness.terraform(this.app, stack, args);
    if (result.code !== 0) throw new TerraformError(result);
  }

  /** The values in `stack`'s state of each managed resource of `type`, by address. */
  public async resources(stack: string, type: string): Promise<Record<string, any>> {
    const shown = await this.harness.terraform(
      this.app,
      stack,
      ['show', '-json', '-no-color'],
      true,
    );
    if (shown.code !== 0) throw new TerraformError(shown);
    const resources: any[] = JSON.parse(shown.output).values.root_module.resources;
    return Object.fromEntries(
      resources
        .filter((r) => r.mode === 'managed' && r.type === type)
        .map((r) => [r.address, r.values]),
    );
  }

  public async stop(): Promise<void> {
    await this.harness.stop();
  }
}

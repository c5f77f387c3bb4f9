import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack } from 'cdktf';

/** Synthesized Terraform JSON of a stack, with validations run (`Testing.synth(stack, true)`). */
export interface SynthesizedStack {
  readonly text: string;
  readonly json: {
    resource?: Record<string, Record<string, Record<string, unknown>>>;
    data?: Record<string, Record<string, Record<string, unknown>>>;
    output?: Record<string, Record<string, unknown>>;
    terraform?: Record<string, unknown>;
    [key: string]: unknown;
  };
}

/** A stack with a default kubernetes provider for the management cluster, as users have. */
export function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  return stack;
}

export function synthesize(stack: TerraformStack): SynthesizedStack {
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) };
}

/** The `manifest` of every kubernetes_manifest in the stack, optionally of one kind. */
export function manifestsOf(synth: SynthesizedStack, kind?: string): Array<Record<string, any>> {
  const manifests = Object.values(synth.json.resource?.kubernetes_manifest ?? {}).map(
    (r) => r.manifest as Record<string, any>,
  );
  return kind ? manifests.filter((m) => m.kind === kind) : manifests;
}

/** The only kubernetes_manifest resource's whole configuration. */
export function onlyManifestResource(synth: SynthesizedStack): Record<string, any> {
  const resources = Object.values(synth.json.resource?.kubernetes_manifest ?? {});
  if (resources.length !== 1)
    throw new Error(`expected one kubernetes_manifest, found ${resources.length}`);
  return resources[0] as Record<string, any>;
}

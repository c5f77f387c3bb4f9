import { Aspects, IAspect, TerraformProvider, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { sharedWeakSet } from './shared-state';

const qualified = sharedWeakSet<TerraformStack>('qualified-stacks');

/**
 * Writes every provider source of the stack fully qualified (design D6). The
 * prebuilt packages emit `source = "kubernetes"`; Terraform reads an unqualified
 * source as `hashicorp/<name>`, so spelling that out changes nothing for Terraform
 * and keeps OpenTofu and mirrors reading the same provider.
 */
export function qualifyProviderSources(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (qualified.has(stack)) return;
  qualified.add(stack);
  Aspects.of(stack).add(new QualifyProviderSources(stack));
}

class QualifyProviderSources implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (!TerraformProvider.isTerraformProvider(node)) return;
    const source = node.terraformProviderSource;
    if (source === undefined || source.includes('/')) return;
    this.stack.addOverride(
      `terraform.required_providers.${node.terraformResourceType}.source`,
      `hashicorp/${source}`,
    );
  }
}

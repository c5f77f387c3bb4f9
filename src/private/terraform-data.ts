/**
 * Terraform's built-in `terraform_data` resource, without CDKTF's `DataResource`
 * synth-time check of the Terraform version: that check runs `terraform version` once
 * per resource at synth (43-70 ms each, two per node pool), and fails the synth where
 * no `terraform` binary is installed, although synth itself never needs one.
 * Same JSON as `DataResource`; our schema files and `terraform validate` still check it.
 */
import {
  AnyMap,
  anyToHclTerraform,
  anyToTerraform,
  DataConfig,
  hashMapper,
  hashMapperHcl,
  TerraformResource,
} from 'cdktf';
import { Construct } from 'constructs';

export class TerraformData extends TerraformResource {
  private readonly inputValue?: { [key: string]: unknown };
  private readonly triggersReplaceValue?: { [key: string]: unknown };
  /** The stored `input`, after apply. */
  public readonly output: AnyMap;

  constructor(scope: Construct, id: string, config: DataConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.inputValue = config.input;
    this.triggersReplaceValue = config.triggersReplace;
    this.output = new AnyMap(this, 'output');
  }

  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this.inputValue),
      triggers_replace: hashMapper(anyToTerraform)(this.triggersReplaceValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this.inputValue),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggersReplaceValue),
    };
  }
}

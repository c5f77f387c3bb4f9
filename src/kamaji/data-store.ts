import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CommonMessages } from '../private/common-messages';
import { checkSafely, InputChecks } from '../private/field-checks';
import { recordProblems } from '../private/problems';
import { requireProviders } from '../private/provider-presence';
import { qualifyProviderSources } from '../private/provider-sources';
import { keepLiteralsLiteral } from '../private/terraform-literals';
import { DataStoreSpecOptions, renderDataStore, validateDataStore } from './data-store-spec';
import { Brand } from '../private/brand';
import { isRfc1123Subdomain } from '../private/names';
import { IDataStore, markDataStore } from './data-store-ref';

export interface DataStoreProps extends DataStoreSpecOptions {
  /**
   * The kubernetes provider of the management cluster.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Refuse to destroy the DataStore (Terraform `prevent_destroy`): control planes
   * keep their state in it.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

const BRAND = new Brand('DataStore');

/**
 * A Kamaji DataStore (cluster-scoped): the etcd, MySQL, PostgreSQL or NATS service
 * that holds tenant control planes' state. Pass it as a control plane's
 * `dataStoreRef`. The `kubernetes_manifest` is the `Resource` child.
 */
export class DataStore extends Construct implements IDataStore {
  /** Whether `x` is a DataStore made with this class (not an import), by any copy of the library. */
  public static isDataStore(x: unknown): x is DataStore {
    return BRAND.has(x);
  }

  /**
   * A DataStore made elsewhere (by Kamaji's Helm chart, another stack, another tool),
   * for a control plane's `dataStoreRef`. Creates nothing.
   */
  public static fromDataStoreName(scope: Construct, id: string, dataStoreName: string): IDataStore {
    return new ImportedDataStore(scope, id, dataStoreName);
  }

  public readonly name: string;
  /** The `kubernetes_manifest`; undefined when the props were refused (synth then fails). */
  public readonly resource!: Manifest;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);
    BRAND.mark(this);
    markDataStore(this);
    const given = props ?? ({} as DataStoreProps);
    const problems = checkSafely(given, () => [
      ...(props === undefined || props === null ? [CommonMessages.missingProps(props)] : []),
      ...validateDataStore(given, Token.isUnresolved),
    ]);
    this.name = given.name;
    if (recordProblems(this, problems)) return;
    qualifyProviderSources(this);
    keepLiteralsLiteral(this);
    requireProviders(this, 'provider');
    this.resource = new Manifest(this, 'Resource', {
      provider: given.provider,
      manifest: renderDataStore(given),
      fieldManager: { name: 'cdktf-kamaji' },
      // Kamaji reports a DataStore usable in status.ready once it has checked the
      // credentials; waiting here makes control planes that use it fail less obscurely.
      wait: { fields: { 'status.ready': '^true$' } },
      lifecycle: { preventDestroy: given.deletionProtection ?? true },
    });
  }
}

class ImportedDataStore extends Construct implements IDataStore {
  constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
  ) {
    super(scope, id);
    markDataStore(this);
    // The same rule as a DataStore made here: Kamaji's object name.
    const bad =
      name !== undefined &&
      name !== null &&
      !Token.isUnresolved(name) &&
      !(typeof name === 'string' && isRfc1123Subdomain(name));
    recordProblems(this, [
      ...InputChecks.required('dataStoreName', name),
      ...(bad ? [CommonMessages.notRfc1123Subdomain('dataStoreName', name)] : []),
    ]);
  }
}

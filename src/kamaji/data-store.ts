import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Errors } from '../errors';
import { checkSafely } from '../private/field-checks';
import { recordProblems } from '../private/problems';
import { requireProviders } from '../private/provider-presence';
import { qualifyProviderSources } from '../private/provider-sources';
import { keepLiteralsLiteral } from '../private/terraform-literals';
import { DataStoreSpecOptions, renderDataStore, validateDataStore } from './data-store-spec';
import { Brand } from '../private/brand';

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
 * that holds tenant control planes' state. Pass its `name` as a control plane's
 * `dataStore`. The `kubernetes_manifest` is the `Resource` child.
 */
export class DataStore extends Construct {
  /** Whether `x` is a DataStore, made by this copy of the library or another. */
  public static isDataStore(x: unknown): x is DataStore {
    return BRAND.has(x);
  }

  public readonly name: string;
  /** The `kubernetes_manifest`; undefined when the props were refused (synth then fails). */
  public readonly resource!: Manifest;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);
    BRAND.mark(this);
    const given = props ?? ({} as DataStoreProps);
    const problems = checkSafely(given, () => [
      ...(props === undefined || props === null ? [Errors.missingProps(props)] : []),
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

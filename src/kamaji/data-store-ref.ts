/**
 * A control plane's DataStore, referenced as an object (`IDataStore`) rather than by a
 * name typed again (issue #23 item 5): a `DataStore` made in the app, or one made
 * elsewhere through `DataStore.fromDataStoreName`. Pure module: no CDKTF import.
 */
import type { Problem } from '../errors';
import { Brand } from '../private/brand';
import { InputChecks } from '../private/field-checks';

/** A Kamaji DataStore, made here or elsewhere: what a control plane's `dataStoreRef` takes. */
export interface IDataStore {
  /** Name of the DataStore object (cluster-scoped), as `spec.dataStore` names it. */
  readonly name: string;
}

/** Both kinds of DataStore carry it, from any copy of the library. */
const BRAND = new Brand('IDataStore');

/** Brands a DataStore, made here or imported; called by their constructors. */
export function markDataStore(dataStore: IDataStore): void {
  BRAND.mark(dataStore);
}

/** What a control plane writes to `spec.dataStore`: the reference's name, else the string. */
export function dataStoreNameOf(options: {
  readonly dataStore?: string;
  readonly dataStoreRef?: IDataStore;
}): string | undefined {
  return options.dataStoreRef !== undefined ? options.dataStoreRef.name : options.dataStore;
}

/** Problems of a control plane's `dataStoreRef` and `dataStore` props. */
export function dataStoreRefProblems(options: {
  readonly dataStore?: string;
  readonly dataStoreRef?: IDataStore;
}): Problem[] {
  const ref: unknown = options.dataStoreRef;
  const problems = InputChecks.madeWith(
    'dataStoreRef',
    ref,
    BRAND.has(ref),
    'new DataStore(...) or DataStore.fromDataStoreName(scope, id, name)',
  );
  if (ref !== undefined && options.dataStore !== undefined) {
    problems.push(bothDataStoreProps(options.dataStore));
  }
  return problems;
}

function bothDataStoreProps(dataStore: string): Problem {
  return {
    field: 'dataStore',
    received: dataStore,
    allowed:
      'must not be given with dataStoreRef, which names the DataStore too; remove dataStore (deprecated)',
  };
}

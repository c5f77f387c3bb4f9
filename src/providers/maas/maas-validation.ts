/** Synth-time checks of MAAS pool props. Pure module: no CDKTF import. */
import { Problem } from '../../errors';
import { CommonMessages } from '../../private/common-messages';
import { ProviderMessages } from '../provider-messages';
import { FieldChecks, InputChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type { MaasBareMetalProps, MaasVmHostProps } from './maas-infrastructure';

export function validateMaasProps(
  props: MaasBareMetalProps | MaasVmHostProps,
  vmHosts: MaasVmHostProps | undefined,
  replicas: number,
  isUnresolved: IsUnresolved,
): Problem[] {
  if (props === undefined || props === null)
    return [CommonMessages.missingProps(props, 'infrastructure')];
  const check = new FieldChecks('infrastructure.', isUnresolved);
  const series = props.distroSeries;
  if (
    series !== undefined &&
    !isUnresolved(series) &&
    !(typeof series === 'string' && /^[a-z][a-z0-9/.-]*$/.test(series))
  ) {
    check.problems.push(ProviderMessages.badDistroSeries(check.field('distroSeries'), series));
  }
  check.optionalName('hweKernel', props.hweKernel);
  check.optionalName('staticInterface', props.staticInterface);
  if (vmHosts) {
    if (vmHosts.vmHosts === undefined || vmHosts.vmHosts === null) {
      check.problems.push(CommonMessages.required(check.field('vmHosts'), vmHosts.vmHosts));
    }
    check.notEmptyList('vmHosts', vmHosts.vmHosts);
    check.uniqueNames('vmHosts', vmHosts.vmHosts, 'VM hosts the machines are spread over');
    check.optionalName('resourcePool', vmHosts.resourcePool);
    check.optionalName('zone', vmHosts.zone);
    check.knownList('storageDisks', vmHosts.storageDisks, 'disks');
    check.wholeNumber('cores', vmHosts.cores, 1, 512);
    check.wholeNumber('memoryMiB', vmHosts.memoryMiB, 1024, 4 * 1024 * 1024);
    check.notEmptyList('storageDisks', vmHosts.storageDisks);
    (Array.isArray(vmHosts.storageDisks) ? vmHosts.storageDisks : []).forEach((disk, i) => {
      check.problems.push(
        ...InputChecks.required(check.field(`storageDisks[${i}].sizeGiB`), disk?.sizeGiB),
      );
      check.wholeNumber(`storageDisks[${i}].sizeGiB`, disk?.sizeGiB, 1, 65_536);
      check.optionalName(`storageDisks[${i}].pool`, disk?.pool);
    });
    return check.problems;
  }
  const bare = props as MaasBareMetalProps;
  // One machine per host name: two nodes given one name would both allocate it.
  check.uniqueNames('hostnames', bare.hostnames, 'machines');
  const hostnames = bare.hostnames;
  if (
    Array.isArray(hostnames) &&
    !isUnresolved(hostnames) &&
    !isUnresolved(replicas) &&
    hostnames.length < replicas
  ) {
    check.problems.push(
      ProviderMessages.tooFewHostnames(check.field('hostnames'), hostnames, replicas),
    );
  }
  check.uniqueNames('zones', bare.zones, 'zones the machines are spread over');
  check.knownList('tags', bare.tags, 'machine tags');
  (Array.isArray(bare.tags) ? bare.tags : []).forEach((tag, i) =>
    check.requiredName(`tags[${i}]`, tag),
  );
  check.optionalName('resourcePool', bare.resourcePool);
  check.wholeNumber('minCpuCount', bare.minCpuCount, 1, 4096);
  check.wholeNumber('minMemoryMiB', bare.minMemoryMiB, 1, 64 * 1024 * 1024);
  return check.problems;
}

/** Synth-time checks of Cloud Director pool props. Pure module: no CDKTF import. */
import { Problem } from '../../errors';
import { CommonMessages } from '../../private/common-messages';
import { ProviderMessages } from '../provider-messages';
import { FieldChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type { CloudDirectorInfrastructureProps } from './cloud-director-infrastructure';
import { IpAllocationMode } from './ip-allocation-mode';

export function validateCloudDirectorProps(
  props: CloudDirectorInfrastructureProps,
  mode: IpAllocationMode,
  dhcpAddressing: boolean,
  isUnresolved: IsUnresolved,
): Problem[] {
  if (props === undefined || props === null)
    return [CommonMessages.missingProps(props, 'infrastructure')];
  const check = new FieldChecks('infrastructure.', isUnresolved);
  check.requiredName('catalog', props.catalog);
  check.requiredName('template', props.template);
  check.requiredName('orgNetwork', props.orgNetwork);
  check.optionalName('org', props.org);
  check.optionalName('vdc', props.vdc);
  check.optionalName('storageProfile', props.storageProfile);
  check.optionalName('diskBusType', props.diskBusType);
  check.enumValue('ipAllocationMode', props.ipAllocationMode, IpAllocationMode, 'IpAllocationMode');
  check.wholeNumber('cpus', props.cpus, 1, 768);
  check.wholeNumber('cpuCores', props.cpuCores, 1, 768);
  check.wholeNumber('memoryMiB', props.memoryMiB, 1024, 24 * 1024 * 1024);
  check.wholeNumber('diskGiB', props.diskGiB, 1, 62 * 1024);
  check.multipleOf('cpus', props.cpus ?? 2, props.cpuCores, 'cpuCores');
  const field = check.field('ipAllocationMode');
  if (check.problems.some((p) => p.field === field)) return check.problems;
  if (mode === 'MANUAL' && dhcpAddressing) {
    check.problems.push(
      CommonMessages.requires(
        field,
        mode,
        'a static range: addressing: NodeAddressing.staticRange({...})',
      ),
    );
  }
  if (mode !== 'MANUAL' && !dhcpAddressing)
    check.problems.push(ProviderMessages.staticRangeUnused(field, mode));
  return check.problems;
}

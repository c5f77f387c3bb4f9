/** Synth-time checks of Cloud Director pool props. Pure module: no CDKTF import. */
import { Errors, Problem } from '../../errors';
import { FieldChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type {
  CloudDirectorInfrastructureProps,
  IpAllocationMode,
} from './cloud-director-infrastructure';

export function validateCloudDirectorProps(
  props: CloudDirectorInfrastructureProps,
  mode: IpAllocationMode,
  dhcpAddressing: boolean,
  isUnresolved: IsUnresolved,
): Problem[] {
  const check = new FieldChecks('infrastructure.', isUnresolved);
  check.notEmpty('catalog', props.catalog);
  check.notEmpty('template', props.template);
  check.notEmpty('orgNetwork', props.orgNetwork);
  check.wholeNumber('cpus', props.cpus, 1, 768);
  check.wholeNumber('cpuCores', props.cpuCores, 1, 768);
  check.wholeNumber('memoryMiB', props.memoryMiB, 1024, 24 * 1024 * 1024);
  check.wholeNumber('diskGiB', props.diskGiB, 1, 62 * 1024);
  check.multipleOf('cpus', props.cpus ?? 2, props.cpuCores, 'cpuCores');
  const field = check.field('ipAllocationMode');
  if (mode === 'MANUAL' && dhcpAddressing) {
    check.problems.push(
      Errors.requires(field, mode, 'a static range: addressing: NodeAddressing.staticRange({...})'),
    );
  }
  if (mode !== 'MANUAL' && !dhcpAddressing)
    check.problems.push(Errors.staticRangeUnused(field, mode));
  return check.problems;
}

/** Synth-time checks of vSphere pool props. Pure module: no CDKTF import. */
import { Problem } from '../../errors';
import { CommonMessages } from '../../private/common-messages';
import { FieldChecks } from '../../private/field-checks';
import { IsUnresolved } from '../../private/unresolved';
import type { VSphereInfrastructureProps } from './vsphere-infrastructure';

export function validateVSphereProps(
  props: VSphereInfrastructureProps,
  isUnresolved: IsUnresolved,
): Problem[] {
  if (props === undefined || props === null)
    return [CommonMessages.missingProps(props, 'infrastructure')];
  const check = new FieldChecks('infrastructure.', isUnresolved);
  check.requiredName('datacenter', props.datacenter);
  check.requiredName('datastore', props.datastore);
  check.requiredName('template', props.template);
  check.optionalName('computeCluster', props.computeCluster);
  check.optionalName('resourcePool', props.resourcePool);
  check.optionalName('folder', props.folder);
  if (props.networks === undefined || props.networks === null) {
    check.problems.push(CommonMessages.required(check.field('networks'), props.networks));
  }
  check.uniqueNames('networks', props.networks, 'network interfaces');
  if ((props.computeCluster === undefined) === (props.resourcePool === undefined)) {
    check.problems.push(
      CommonMessages.exactlyOneOf(
        `${check.field('computeCluster')}, ${check.field('resourcePool')}`,
        {
          computeCluster: props.computeCluster,
          resourcePool: props.resourcePool,
        },
      ),
    );
  }
  if (props.antiAffinity && props.computeCluster === undefined) {
    check.problems.push(
      CommonMessages.requires(
        check.field('antiAffinity'),
        true,
        'computeCluster: vSphere DRS rules belong to a cluster',
      ),
    );
  }
  check.notEmptyList('networks', props.networks);
  check.wholeNumber('cpus', props.cpus, 1, 768);
  check.wholeNumber('coresPerSocket', props.coresPerSocket, 1, 768);
  check.wholeNumber('memoryMiB', props.memoryMiB, 1024, 24 * 1024 * 1024);
  check.wholeNumber('diskGiB', props.diskGiB, 1, 62 * 1024);
  check.wholeNumber('waitForGuestNetTimeoutMinutes', props.waitForGuestNetTimeoutMinutes, 0, 1440);
  check.multipleOf('cpus', props.cpus ?? 2, props.coresPerSocket, 'coresPerSocket');
  if (
    props.memoryMiB !== undefined &&
    !isUnresolved(props.memoryMiB) &&
    props.memoryMiB % 4 !== 0
  ) {
    check.problems.push(
      CommonMessages.notMultipleOf(
        check.field('memoryMiB'),
        props.memoryMiB,
        4,
        'vSphere memory granularity',
      ),
    );
  }
  return check.problems;
}

/**
 * hashicorp/time 0.13: time_rotating (which removes itself from state once its rotation
 * time has passed), time_offset and time_static, on the stub's clock.
 */
import { rfc3339 } from '../engine';
import { knownString, ObjectValue, ResourceBehaviour } from './resource-behaviour';

const MINUTE = 60_000;

function addToDate(base: Date, units: ObjectValue, prefix: string): Date {
  const n = (name: string) => Number(units[`${prefix}_${name}`] ?? 0);
  const date = new Date(base.getTime());
  date.setUTCFullYear(date.getUTCFullYear() + n('years'));
  date.setUTCMonth(date.getUTCMonth() + n('months'));
  return new Date(
    date.getTime() +
      n('days') * 1440 * MINUTE +
      n('hours') * 60 * MINUTE +
      n('minutes') * MINUTE +
      n('seconds') * 1000,
  );
}

function dateParts(date: Date): ObjectValue {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    unix: Math.floor(date.getTime() / 1000),
  };
}

export const timeRotating: ResourceBehaviour = {
  replaceOn: [['rfc3339'], ['triggers']],
  apply(planned, env) {
    const base = new Date(knownString(planned.rfc3339) ?? rfc3339(env.clock.now()));
    const rotation =
      knownString(planned.rotation_rfc3339) ?? rfc3339(addToDate(base, planned, 'rotation'));
    return {
      ...planned,
      ...dateParts(base),
      id: rfc3339(base),
      rfc3339: rfc3339(base),
      rotation_rfc3339: rotation,
    };
  },
  // The provider removes the resource from state once its rotation time has passed,
  // so the next plan creates it anew: that is how time_rotating rotates.
  read(state, env) {
    const rotation = knownString(state.rotation_rfc3339);
    if (rotation && env.clock.now().getTime() >= new Date(rotation).getTime()) return null;
    return state;
  },
};

export const timeOffset: ResourceBehaviour = {
  replaceOn: [
    'base_rfc3339',
    'offset_years',
    'offset_months',
    'offset_days',
    'offset_hours',
    'offset_minutes',
    'offset_seconds',
    'triggers',
  ].map((name) => [name]),
  apply(planned, env) {
    const base = knownString(planned.base_rfc3339) ?? rfc3339(env.clock.now());
    const offset = addToDate(new Date(base), planned, 'offset');
    return {
      ...planned,
      ...dateParts(offset),
      id: base,
      base_rfc3339: base,
      rfc3339: rfc3339(offset),
    };
  },
};

export const timeStatic: ResourceBehaviour = {
  replaceOn: [['rfc3339'], ['triggers']],
  apply(planned, env) {
    const at = knownString(planned.rfc3339) ?? rfc3339(env.clock.now());
    return { ...planned, ...dateParts(new Date(at)), id: at, rfc3339: at };
  },
};

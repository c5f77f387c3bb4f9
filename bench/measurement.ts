/** What the benchmark's parent hands each measurement, and what it gets back. */
import { Infrastructure, Size } from './scenario';

export enum Variant {
  LIBRARY = 'library',
  RAW = 'raw',
  FLOOR = 'floor',
}

export interface Job {
  readonly variant: Variant;
  readonly infrastructure: Infrastructure;
  readonly size: Size;
  readonly outdir: string;
  /** Floor: the synthesized app whose documents are serialized again. */
  readonly input?: string;
  /** Also count lookups and size user-data (after the measurement). */
  readonly analyze?: boolean;
}

export interface Sample {
  /** From process start until the app's modules are loaded (the floor: its input parsed). */
  readonly loadMs: number;
  /** Constructing the tree (constructors run, user-data rendered); 0 for the floor. */
  readonly buildMs: number;
  /** `app.synth()`; for the floor, JSON.stringify and writing the files. */
  readonly synthMs: number;
  readonly peakRssBytes: number;
  /** All files written to the outdir. */
  readonly outputBytes: number;
  readonly analysis?: Analysis;
}

export interface Analysis {
  readonly resources: number;
  /**
   * Data sources of the node stack that look up the infrastructure (template, inventory):
   * one per thing looked up, shared by the stack's pools.
   */
  readonly lookups: number;
  /** Its other data sources: the cross-stack state reads. */
  readonly otherDataSources: number;
  /** Largest user-data expression of one node in the synthesized JSON. */
  readonly maxUserDataExpressionBytes: number;
  /** Largest cloud-config one node receives, rendered with real-sized values (library only). */
  readonly maxUserDataBytes?: number;
}

// The shape of one row of the settings table, and the types the table's rows derive (the saved
// file form, what the controllers get, what a node agent gets), so a new row needs no type edits.
import type { SettingValueType } from '../contract/index.js';

/** Who reads a setting: the host lifecycle (`kubedeck start`), the control plane process, a node agent. */
export type Reader = 'cluster' | 'controller' | 'node';

/**
 * How a value is written and checked: durations are Go text or seconds (→ ms when resolved), cpu and
 * memory are Kubernetes quantities, cidr an IPv4 CIDR, text any string (limited by `values`). Declared
 * in the contract because the Cluster screen renders a field per type.
 */
export type SettingType = SettingValueType;

export interface SettingRow {
  /** Dotted key in the config file (`crashLoopBackOff.base`); a plain name for environment-only rows. */
  readonly key: string;
  readonly type: SettingType;
  /** Upstream's default, as the file writes it; absent when it is computed (see defaultText). */
  readonly default?: string | number | boolean;
  /** How a computed default is chosen (docs, placeholder text). */
  readonly defaultText?: string;
  /** What a number counts (seconds, pods); durations carry their unit in the text. */
  readonly unit?: string;
  /** Cluster screen label and its short help. */
  readonly label: string;
  readonly help: string;
  /** Longer comment for docs/settings.md (default: help). */
  readonly doc?: string;
  readonly readers: readonly Reader[];
  /** Bounds, inclusive (min, max) or exclusive (above, below); for durations in ms. */
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly below?: number;
  /** Must not exceed this other row's value (both with defaults filled in). */
  readonly notAbove?: string;
  /** Allowed values of a text row. */
  readonly values?: readonly string[];
  /** false: not a config-file key (environment only). */
  readonly file?: false;
  /** Environment variable that sets it (only where one exists; see resolve.ts for precedence). */
  readonly env?: string;
  /** `kubedeck start` flag that sets it. */
  readonly flag?: string;
  /** Cluster screen section; '' = above the sections; absent = not on the form. */
  readonly group?: string;
  /** A value for the docs' sample file when there is no default. */
  readonly example?: string | number | boolean;
  /** Where its resolved value (durations in ms) lands in ControllerSettings / NodeAgentSettings. */
  readonly controller?: string;
  readonly node?: string;
}

type FileValue<T> = T extends 'duration' | 'cpu' | 'memory' | 'cidr' | 'text'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : boolean;
type ResolvedValue<T> = T extends 'duration' | 'integer' | 'number'
  ? number
  : T extends 'boolean'
    ? boolean
    : string;

type Nest<P extends string, V> = P extends `${infer H}.${infer T}`
  ? { [K in H]: Nest<T, V> }
  : { [K in P]: V };
type OptionalNest<P extends string, V> = P extends `${infer H}.${infer T}`
  ? { [K in H]?: OptionalNest<T, V> }
  : { [K in P]?: V };
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
/** Merges the intersection of nested objects into one plain object type (readable hovers). */
type Merge<T> = T extends object ? { -readonly [K in keyof T]: Merge<T[K]> } : T;

/** Rows whose resolved value lands at a path of reader R ('controller' | 'node'). */
type Projected<Rows, R extends 'controller' | 'node'> = Merge<
  UnionToIntersection<
    Rows extends { readonly type: infer T } & { readonly [K in R]: infer P extends string }
      ? Nest<P, ResolvedValue<T>>
      : never
  >
>;

/** The saved settings (config file and config.json): rows read by the control plane or the nodes. */
export type FileSettings<Rows> = Merge<
  UnionToIntersection<
    Rows extends { readonly file: false }
      ? never
      : Rows extends {
            readonly key: infer P extends string;
            readonly type: infer T;
            readonly readers: infer Rs;
          }
        ? Exclude<Rs extends readonly (infer E)[] ? E : never, 'cluster'> extends never
          ? never
          : OptionalNest<P, FileValue<T>>
        : never
  >
>;
export type ControllerProjection<Rows> = Projected<Rows, 'controller'>;
export type NodeProjection<Rows> = Projected<Rows, 'node'>;

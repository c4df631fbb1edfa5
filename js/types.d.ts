// Spec, validation and option types of digitalhub-tasks. Field names are Core's snake_case JSON
// names. Fields that only some API levels accept say so; the validator reports them at the
// others (Core 0.15 silently drops the scheduling fields that 0.13 and 0.14 accepted).

/** A Core API level: 13 for Core 0.13, 14 for 0.14, 15 for 0.15. */
export type ApiLevel = 13 | 14 | 15;

/** Options of every validate and schema function. */
export interface ValidateOptions {
  /** The Core API level to check against; 15 when omitted. */
  apiLevel?: ApiLevel;
}

/** Function kinds of the python runtime. */
export type FunctionKind = 'python';

/** Task kinds of the python runtime, one per action. */
export type TaskKind = 'python+job' | 'python+serve' | 'python+build';

/** Run kinds: one per action from level 14 on; `python+run` for every action at level 13. */
export type RunKind = 'python+job:run' | 'python+serve:run' | 'python+build:run' | 'python+run';

/** How serious an issue is. Only errors make a spec invalid. */
export type Severity = 'error' | 'warning';

/** One problem in a spec. */
export interface Issue {
  /** RFC 6901 JSON Pointer from the spec root, such as `/volumes/0/name`; `""` for the root. */
  path: string;
  /**
   * Stable machine-readable code, such as `invalid-quantity`. Two codes come from the JS
   * boundary itself, always at path `""`: `not-json` (the spec has no JSON form: undefined, a
   * function, a BigInt, a cycle) and `too-deep` (nesting beyond 128 levels).
   */
  code: string;
  severity: Severity;
  /** A sentence naming the value and the fix. It never contains an env value or a secret. */
  message: string;
}

/** The outcome of a validate call. */
export interface ValidationResult {
  /** True when no issue has severity `error`. */
  valid: boolean;
  /** Every issue found, errors and warnings, in spec order. */
  issues: Issue[];
}

/** A JSON Schema (draft 2020-12) document as a plain object. */
export type JsonSchema = { [keyword: string]: unknown };

/** Python interpreter versions: 3.9 at levels 13-14, 3.11 and 3.12 from 14, 3.13 from 15. */
export type PythonVersion = 'PYTHON3_9' | 'PYTHON3_10' | 'PYTHON3_11' | 'PYTHON3_12' | 'PYTHON3_13';

/** The source code of a python function. */
export interface PythonSource {
  /** Source language; Core knows only `python`. */
  lang?: 'python';
  /** Path or URI of the source: a file name, `git+https://…`, `zip+s3://…` and the like. */
  source?: string;
  /** The whole source file, base64-encoded. */
  base64?: string;
  /** Name of the function to call, such as `handler` or `module:handler`. */
  handler?: string;
  /** Name of a function in the same module that runs once before serving. */
  init_function?: string;
}

/** Spec of a `python` function. */
export interface FunctionSpec {
  source: PythonSource;
  python_version: PythonVersion;
  /** Container image to run instead of the runtime's default. */
  image?: string;
  /** Base image for a build task. */
  base_image?: string;
  /** pip requirement strings, such as `requests==2.32.3`. */
  requirements?: string[];
}

/**
 * Volume types: `persistent_volume_claim` and `empty_dir` at every level, `shared_volume` and
 * `ephemeral` from 14, `image` from 15.
 */
export type VolumeType =
  | 'persistent_volume_claim'
  | 'empty_dir'
  | 'shared_volume'
  | 'ephemeral'
  | 'image';

/** A volume mounted into the function's container. */
export interface Volume {
  volume_type: VolumeType;
  /** Pod volume name, a DNS-1123 label. */
  name: string;
  /** Absolute path inside the container. */
  mount_path: string;
  /**
   * Settings per type, all strings: `size` and `storage_class` (persistent_volume_claim),
   * `size` and `storageClass` (ephemeral), `sizeLimit` (empty_dir), `claimName`
   * (shared_volume), `image` (image), `subPath` (any).
   */
  spec?: Record<string, string>;
}

/** A Kubernetes quantity as Core accepts it: digits and an optional unit, such as `500m` or `4Gi`. */
export type Quantity = string;

/** Requests and limits of one resource, the level-13 shape. */
export interface ResourceDefinition {
  requests?: Quantity;
  limits?: Quantity;
}

/** Resources from level 14 on: one request per resource (`disk` from 15). */
export interface Resources {
  cpu?: Quantity;
  mem?: Quantity;
  gpu?: Quantity;
  /** Level 15 only: an ephemeral volume mounted at `/shared`. */
  disk?: Quantity;
}

/** Resources at level 13: requests and limits per resource. */
export interface ResourcesV13 {
  cpu?: ResourceDefinition;
  mem?: ResourceDefinition;
  gpu?: ResourceDefinition;
}

/** An environment variable. */
export interface Env {
  name: string;
  value: string;
}

/** A node selector entry (levels 13 and 14). */
export interface NodeSelector {
  key: string;
  value: string;
}

/** A Kubernetes toleration (levels 13 and 14). */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** A node selector requirement of node affinity. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** A node selector term: the requirements are ANDed. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** A label selector requirement of pod affinity. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A pod affinity term. */
export interface PodAffinityTerm {
  topologyKey: string;
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  namespaces?: string[];
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

/** A pod affinity term with a weight from 1 to 100. */
export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

/** Pod affinity or anti-affinity. */
export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** Kubernetes affinity (levels 13 and 14), with Kubernetes' camelCase field names. */
export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: {
      weight: number;
      preference: NodeSelectorTerm;
    }[];
  };
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

/** Fields every python task has. */
export interface TaskSpecBase {
  /** The function key, such as `python://demo/echo:<functionId>`. */
  function: string;
  volumes?: Volume[];
  /** Flat quantities from level 14 on; requests and limits at level 13. */
  resources?: Resources | ResourcesV13;
  envs?: Env[];
  /** Names of project secrets, injected as environment variables. */
  secrets?: string[];
  /** Id of an admin-defined Kubernetes template. */
  profile?: string;
  /** Levels 13 and 14 only. */
  node_selector?: NodeSelector[];
  /** Levels 13 and 14 only. */
  affinity?: Affinity;
  /** Levels 13 and 14 only. */
  tolerations?: Toleration[];
  /** Levels 13 and 14 only. */
  runtime_class?: string;
  /** Levels 13 and 14 only. */
  priority_class?: string;
}

/** Kubernetes Service types, with Kubernetes' casing. */
export type ServiceType = 'ExternalName' | 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Spec of a `python+job` task. */
export type JobTaskSpec = TaskSpecBase;

/** Spec of a `python+serve` task. */
export interface ServeTaskSpec extends TaskSpecBase {
  replicas?: number;
  service_type?: ServiceType;
  /** Name of an extra alias Service (levels 14 and 15). */
  service_name?: string;
}

/** Spec of a `python+build` task. */
export interface BuildTaskSpec extends TaskSpecBase {
  /** Shell instructions added to the image build. */
  instructions?: string[];
}

/** Spec of any python task. */
export type TaskSpec = JobTaskSpec | ServeTaskSpec | BuildTaskSpec;

/** The task spec type of each task kind. */
export interface TaskSpecByKind {
  'python+job': JobTaskSpec;
  'python+serve': ServeTaskSpec;
  'python+build': BuildTaskSpec;
}

/**
 * Spec of a python run. Core merges the task spec into it, so a run may also override any task
 * field (envs, resources, replicas and so on).
 */
export interface RunSpec extends Partial<ServeTaskSpec>, Partial<BuildTaskSpec> {
  /** The task string, such as `python+serve://demo/<taskId>`. */
  task: string;
  /** Core builds the run from the function, so a run it can start names one. */
  function?: string;
  /** True to record the run without Core starting it. */
  local_execution?: boolean;
  /** Keyword arguments of the init function (serve). */
  init_parameters?: Record<string, unknown>;
  /** Keyword arguments of the handler. */
  parameters?: Record<string, unknown>;
  /** Input entity keys by parameter name. */
  inputs?: Record<string, unknown>;
}

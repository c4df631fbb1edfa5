// TypeScript declarations of the package entry point. The bindings whose generated declarations
// would type as `any` are declared here by hand; the rest come from wasm-bindgen's pkg/ output.

import type {
  FunctionKind,
  FunctionSpec,
  JsonSchema,
  RunKind,
  RunSpec,
  TaskKind,
  TaskSpecByKind,
  ValidateOptions,
  ValidationResult,
} from './types.js';

export * from '../pkg/digitalhub_tasks.js';
export * from './errors.js';
export type * from './types.js';

/** The input `init` accepts: a location of the .wasm file, its bytes, or a compiled module. */
export type InitInput =
  | URL
  | string
  | Response
  | PromiseLike<Response>
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module;

/**
 * Loads and instantiates the WebAssembly module; call it before any other export.
 *
 * With no argument, browsers fetch the .wasm file next to the module and Node reads it from
 * disk. Concurrent and later calls share one promise and resolve to the same exports. A failed
 * call is forgotten, so a later call can retry.
 */
export function init(input?: InitInput): Promise<WebAssembly.Exports>;

/**
 * Validates a task spec. Never throws for any `spec` value; a value with no JSON form gives one
 * `not-json` issue.
 *
 * @throws TypeError for an unknown kind or an `apiLevel` other than 13, 14 or 15.
 */
export function validateTask<K extends TaskKind>(
  kind: K,
  spec: TaskSpecByKind[K],
  options?: ValidateOptions,
): ValidationResult;
export function validateTask(
  kind: TaskKind,
  spec: unknown,
  options?: ValidateOptions,
): ValidationResult;

/**
 * Validates a function spec. Never throws for any `spec` value.
 *
 * @throws TypeError for an unknown kind or `apiLevel`.
 */
export function validateFunction(
  kind: FunctionKind,
  spec: FunctionSpec,
  options?: ValidateOptions,
): ValidationResult;
export function validateFunction(
  kind: FunctionKind,
  spec: unknown,
  options?: ValidateOptions,
): ValidationResult;

/**
 * Validates a run spec. `python+run` exists only at level 13, the per-action run kinds only
 * from 14 on. Never throws for any `spec` value.
 *
 * @throws TypeError for an unknown kind, a kind the level does not have, or a bad `apiLevel`.
 */
export function validateRun(
  kind: RunKind,
  spec: RunSpec,
  options?: ValidateOptions,
): ValidationResult;
export function validateRun(
  kind: RunKind,
  spec: unknown,
  options?: ValidateOptions,
): ValidationResult;

/**
 * Like `validateTask`, but throws a `ValidationError` with the issues when the spec is invalid.
 * Returns the valid result, whose issues are warnings.
 *
 * @throws ValidationError for an invalid spec; TypeError for an unknown kind or `apiLevel`.
 */
export function assertValidTask<K extends TaskKind>(
  kind: K,
  spec: TaskSpecByKind[K],
  options?: ValidateOptions,
): ValidationResult & { valid: true };
export function assertValidTask(
  kind: TaskKind,
  spec: unknown,
  options?: ValidateOptions,
): ValidationResult & { valid: true };

/**
 * Like `validateFunction`, but throws a `ValidationError` when the spec is invalid.
 *
 * @throws ValidationError for an invalid spec; TypeError for an unknown kind or `apiLevel`.
 */
export function assertValidFunction(
  kind: FunctionKind,
  spec: FunctionSpec,
  options?: ValidateOptions,
): ValidationResult & { valid: true };
export function assertValidFunction(
  kind: FunctionKind,
  spec: unknown,
  options?: ValidateOptions,
): ValidationResult & { valid: true };

/**
 * Like `validateRun`, but throws a `ValidationError` when the spec is invalid.
 *
 * @throws ValidationError for an invalid spec; TypeError for an unknown kind or `apiLevel`.
 */
export function assertValidRun(
  kind: RunKind,
  spec: RunSpec,
  options?: ValidateOptions,
): ValidationResult & { valid: true };
export function assertValidRun(
  kind: RunKind,
  spec: unknown,
  options?: ValidateOptions,
): ValidationResult & { valid: true };

/**
 * Returns the JSON Schema (draft 2020-12) of a task spec of `kind` at `options.apiLevel`
 * (default 15), for form libraries such as rjsf.
 *
 * @throws TypeError for an unknown kind or `apiLevel`.
 */
export function taskSchema(kind: TaskKind, options?: ValidateOptions): JsonSchema;

/**
 * Returns the JSON Schema of a function spec of `kind` at `options.apiLevel`.
 *
 * @throws TypeError for an unknown kind or `apiLevel`.
 */
export function functionSchema(kind: FunctionKind, options?: ValidateOptions): JsonSchema;

/**
 * Returns the JSON Schema of a run spec of `kind` at `options.apiLevel`.
 *
 * @throws TypeError for an unknown kind, a kind the level does not have, or a bad `apiLevel`.
 */
export function runSchema(kind: RunKind, options?: ValidateOptions): JsonSchema;

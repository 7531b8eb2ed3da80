/**
 * The SDK runtime, copied verbatim into every generated TypeScript SDK (src/runtime/).
 * Generated code imports everything from here; see the generator's README for the
 * contract between the two.
 */

export * from "./operation.js";
export * from "./errors.js";
export * from "./configuration.js";
export * from "./base.js";
export { type BinaryBody } from "./encode.js";

/** Features: groups, the table handed to each function, built-in and user functions, concatenation. */
export { FEATURE_FUNCTIONS, computeFeatures, describeFeatures, mergeFeatureParts, type ComputeOptions, type ComputedFeatures } from "./compute.ts";
export { bnacFeatures } from "./bnac.ts";
export { somaFeatures } from "./soma.ts";
export { Feature, FeaturesCollection, type TableReader } from "./collection.ts";
export { ConcatenatedFeatures, type ParameterSet } from "./concatenated.ts";
export { FeaturesError } from "./errors.ts";
export { type FeatureArgs, type FeatureFunction, NeuronsView, type RepoTables, type RepoView, WindowsView, repoView } from "./repo-view.ts";

/** The pipeline assembled: analyzers, their repositories and (soon) features and cache. */
export { Analyzer, MultiAnalyzer, type AnalyzerOptions } from "./analyzer.ts";
export { REPO_NAMES, Repository, type RepoName } from "./repository.ts";

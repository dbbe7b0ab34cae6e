import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  Analyzer,
  CacheError,
  ConcatenatedFeatures,
  Feature,
  FeaturesCollection,
  FeaturesError,
  FilteredRepository,
  MultiAnalyzer,
  REPO_NAMES,
  RepoAccess,
  Repository,
  exportTables,
  readTable,
  runFromFile,
  stderrLogger,
  writeTable
} from "./chunk-3BSTTQP5.mjs";
import {
  ConfigError,
  ExtractionError,
  copyConfig,
  loadAnalysisConfig,
  migrateConfig
} from "./chunk-TLEKJHOM.mjs";
import "./chunk-DRHB5ST4.mjs";
import "./chunk-UYHNWHV6.mjs";
import {
  SonataError
} from "./chunk-IZCYKTDL.mjs";
import {
  CategoricalColumn,
  Column,
  DataFrame,
  ListColumn,
  NumericColumn,
  ObjectColumn,
  QueryError,
  categorical,
  numeric,
  objects
} from "./chunk-V6Y2RHMF.mjs";
import "./chunk-75GTEED3.mjs";
export {
  Analyzer,
  CacheError,
  CategoricalColumn,
  Column,
  ConcatenatedFeatures,
  ConfigError,
  DataFrame,
  ExtractionError,
  Feature,
  FeaturesCollection,
  FeaturesError,
  FilteredRepository,
  ListColumn,
  MultiAnalyzer,
  NumericColumn,
  ObjectColumn,
  QueryError,
  REPO_NAMES,
  RepoAccess,
  Repository,
  SonataError,
  categorical,
  copyConfig,
  exportTables,
  loadAnalysisConfig,
  migrateConfig,
  numeric,
  objects,
  readTable,
  runFromFile,
  stderrLogger,
  writeTable
};

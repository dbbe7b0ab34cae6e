import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  Analyzer,
  CacheError,
  ConcatenatedFeatures,
  ConfigError,
  ExtractionError,
  Feature,
  FeaturesCollection,
  FeaturesError,
  FilteredRepository,
  MultiAnalyzer,
  REPO_NAMES,
  RepoAccess,
  Repository,
  copyConfig,
  exportTables,
  loadAnalysisConfig,
  migrateConfig,
  readTable,
  runFromFile,
  stderrLogger,
  writeTable
} from "./chunk-QEVVUCWI.mjs";
import "./chunk-N54WW5IR.mjs";
import "./chunk-UYHNWHV6.mjs";
import {
  SonataError
} from "./chunk-IL5HNKFS.mjs";
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
} from "./chunk-U6NE5KX7.mjs";
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

/** The table type: columns over typed arrays with pandas dtypes, an index, BlueETL's `q()`, pandas' printing and Arrow. */
export {
  CategoricalColumn,
  type Codes,
  Column,
  ListColumn,
  NumericColumn,
  ObjectColumn,
  categorical,
  codesArray,
  codesType,
  narrowCodes,
  compareStrings,
  concatColumns,
  constantCategory,
  numeric,
  objects,
  type ColumnOf,
  type DType,
  type NumericArrays,
  type NumericDType,
  type NumericValues,
  type Value,
} from "./column.ts";
export { columnArray, sharedArray } from "./shared.ts";
export { DataFrame, UNNAMED_INDEX, type FrameOptions, type Row } from "./dataframe.ts";
export { GroupBy, type AggregateOptions, type Aggregation, type AggregationName, type AggregationSpec } from "./groupby.ts";
export { type AddConditionsOptions, type SmartConcatOptions, smartConcat } from "./etl.ts";
export { type MergeOptions, leftMerge, takeOrMissing } from "./merge.ts";
export { combinedRanks, fillRuns, groupRows, rangesOf, sortedRows, withRuns, type Grouping, type RowRanges } from "./group.ts";
export { QueryError, isPlainObject, type Condition, type Operator, type Query } from "./query.ts";
export { type FormatOptions, formatValue } from "./format.ts";
export { type ArrowField, ArrowReader, CATEGORIES_KEY, type FilledColumn, arrowFields, arrowSchema, filledColumns, fromArrow, fromFilledColumns, objectKind, toArrow, toInt64, withRangeIndex } from "./arrow.ts";

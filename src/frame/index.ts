/** The table type: columns over typed arrays with pandas dtypes, an index, BlueETL's `q()`. */
export {
  CategoricalColumn,
  Column,
  ListColumn,
  NumericColumn,
  ObjectColumn,
  categorical,
  compareStrings,
  concatColumns,
  constantCategory,
  numeric,
  objects,
  type DType,
  type NumericDType,
  type NumericValues,
  type Value,
} from "./column.ts";
export { DataFrame, GroupBy, UNNAMED_INDEX, type FrameOptions, type Row } from "./dataframe.ts";
export { leftMerge, takeOrMissing } from "./merge.ts";
export { combinedRanks, groupRows, sortedRows, type Grouping } from "./group.ts";
export { QueryError, isPlainObject, type Condition, type Operator, type Query } from "./query.ts";
export { formatValue } from "./format.ts";
export { type ArrowField, CATEGORIES_KEY, arrowFields, arrowSchema, fromArrow, objectKind, toArrow, toInt64, withRangeIndex } from "./arrow.ts";

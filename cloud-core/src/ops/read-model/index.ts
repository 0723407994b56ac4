export {
  type ReadModelFeeder,
  type ReadModelFeederOptions,
  type ReadModelFeederStatus,
  startReadModelFeeder,
} from './feeder.js';
export {
  type ExportCursor,
  type InsightExportRow,
  type InsightQuery,
  type InsightResult,
  type InsightTheme,
  noProduct,
} from './insight-query.js';
export { OpsReadModel, type OpsReadModelOptions } from './ops-read-model.js';
export { READ_MODEL_SCHEMA_VERSION } from './schema.js';
export { type SyntheticEvent, type SyntheticTotals, syntheticFleetEvents } from './synthetic-fleet.js';
export type {
  AlertAction,
  AlertQuery,
  AlertSeverity,
  AlertSide,
  ApplyResult,
  KpiBucket,
  KpiPoint,
  KpiQuery,
  KpiResult,
  KpiTotals,
  OpsAlert,
  ReadModelStatus,
  StreamRecord,
} from './types.js';

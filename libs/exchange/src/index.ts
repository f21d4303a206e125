export { BUNDLE_FILES, COLUMNS, COLUMN_TEXT_LIMITS, FORMAT_VERSION, RETURN_FILES } from './format';
export type {
  BundleFileName,
  ReturnFileName,
  TechnologyContractRow,
  ColumnSpec,
  ContractRow,
  EnterpriseRow,
  ExchangeData,
  ExecutionRow,
  ParsedBundle,
  ServicesTradeRow,
  WorkforceRow,
} from './format';
export { EXCHANGE_MESSAGES } from './errors';
export type { ExchangeError, ExchangeErrorCode } from './errors';
export type { CodeLookup, ExchangeCodeList } from './row-reader';
export type { PortalLookup } from './check';
export { readBundle } from './read';
export type { BundleFile, BundleInput, ReadContext, ReadOptions, ReadResult } from './read';
export { groupReturns } from './group';
export type { ReturnPieces } from './group';
export { formatAmount } from './cells';
export { fileCells, writeBundle, writeCsv } from './write';
export type { WrittenBundle } from './write';
export { checkZipSize } from './zip';
export type { ZipSizeProblem } from './zip';

/** CSV reading and writing for dataset folders (docs/dataset-format.md). */
export { tokenizeCsv, type CsvSink } from './parse.ts';
export { encodeCsvField, encodeCsvRow, formatCsvValue } from './format.ts';
export { readCsvFolder, readTableText, type CsvReadLimits, type CsvFolderRead } from './read.ts';
export { writeCsvFolder, tableColumns } from './write.ts';

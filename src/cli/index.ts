/** Public face of the CLI framework (commands live in ./commands/). */
export { runCli, commandHelp, globalHelp, parseCommandArgs } from './run.ts';
export type { CliIo } from './run.ts';
export { argument, flagOption, integerOption, stringOption } from './command.ts';
export type { ArgumentSpec, Command, CommandContext, OptionSpec, ParsedArgs } from './command.ts';
export { EXIT_DATA, EXIT_OK, EXIT_USAGE, MAX_PRINTED_ISSUES, reportError } from './errors.ts';
export { Output, displayWidth, humanCell, renderTable } from './output.ts';
export type { Emission, OutputMode, Table, TableColumn } from './output.ts';
export { ProgressBar, SILENT_PROGRESS, compactCount, formatDuration, progressEnabled, progressLine } from './progress.ts';
export type { Progress } from './progress.ts';
export { DATASET_ARGUMENT, loadAnalysis, loadDataset } from './dataset.ts';
export type { LoadedAnalysis, LoadedDataset } from './dataset.ts';
export { COMMANDS } from './commands/index.ts';

/** Where a CLI command writes: the process streams, or buffers in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stderrIsTTY: boolean
}

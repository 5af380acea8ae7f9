/**
 * The tests' pause and poll: the harness's own (harness/process/wait.ts), handed on so there is one
 * of each in the tree. `until(condition, { timeoutMs, intervalMs, what })` throws naming `what`.
 */
export { sleep, until } from '../../harness/process/wait';
export type { UntilOptions } from '../../harness/process/wait';

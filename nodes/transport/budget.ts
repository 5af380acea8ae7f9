/**
 * The retry budget shared by all requests made through one n8n context object (RETRY_BUDGET in
 * policy.ts). n8n makes a new context object for every node execution, trigger hook call,
 * load-options call and webhook call, and the package hands that object (`this`) to every call
 * it makes, so keying by it gives each run one budget without passing one around. A WeakMap, so
 * a budget goes when n8n lets go of its context.
 */
import { RETRY_BUDGET } from './policy';

export interface RetryBudget {
	/** Retries made so far, of any kind and by any request. */
	retries: number;
	/** Time slept before those retries, summed. */
	waitedMs: number;
}

const budgets = new WeakMap<object, RetryBudget>();

export function retryBudgetOf(context: object): RetryBudget {
	let budget = budgets.get(context);
	if (budget === undefined) {
		budget = { retries: 0, waitedMs: 0 };
		budgets.set(context, budget);
	}
	return budget;
}

/** Whether one more retry after waiting `waitMs` stays within both caps. */
export function budgetAllows(budget: RetryBudget, waitMs: number): boolean {
	return budget.retries < RETRY_BUDGET.maxRetries && budget.waitedMs + waitMs <= RETRY_BUDGET.maxWaitMs;
}

export function spend(budget: RetryBudget, waitMs: number): void {
	budget.retries++;
	budget.waitedMs += waitMs;
}

/**
 * The retry budget shared by all requests made through one n8n context object (RETRY_BUDGET in
 * policy.ts). n8n makes a new context object for every node execution, trigger hook call,
 * load-options call and webhook call, and the package hands that object (`this`) to every call
 * it makes, so keying by it gives each run one budget without passing one around. A WeakMap, so
 * a budget goes when n8n lets go of its context.
 *
 * A node execution's budget grows with its input items (RETRY_BUDGET.perItem, up to the ceiling):
 * one budget for the whole execution still, but sized for the calls it will make.
 */
import { RETRY_BUDGET } from './policy';

export interface RetryBudget {
	/** Retries made so far, of any kind and by any request. */
	retries: number;
	/** Time slept before those retries, summed. */
	waitedMs: number;
	/** This budget's caps. */
	maxRetries: number;
	maxWaitMs: number;
}

const budgets = new WeakMap<object, RetryBudget>();

/** How many input items the context's execution has; 1 for hooks, webhooks and editor lists. */
function inputItems(context: object): number {
	if (!('getInputData' in context) || typeof context.getInputData !== 'function') return 1;
	try {
		const items: unknown = context.getInputData();
		return Array.isArray(items) ? Math.max(1, items.length) : 1;
	} catch {
		// Some contexts have the method but no input (n8n throws); they get the base budget.
		return 1;
	}
}

function newBudget(context: object): RetryBudget {
	const extra = inputItems(context) - 1;
	return {
		retries: 0,
		waitedMs: 0,
		maxRetries: Math.min(RETRY_BUDGET.ceiling.retries, RETRY_BUDGET.maxRetries + extra * RETRY_BUDGET.perItem.retries),
		maxWaitMs: Math.min(RETRY_BUDGET.ceiling.waitMs, RETRY_BUDGET.maxWaitMs + extra * RETRY_BUDGET.perItem.waitMs),
	};
}

export function retryBudgetOf(context: object): RetryBudget {
	let budget = budgets.get(context);
	if (budget === undefined) {
		budget = newBudget(context);
		budgets.set(context, budget);
	}
	return budget;
}

/** Whether one more retry after waiting `waitMs` stays within both caps. */
export function budgetAllows(budget: RetryBudget, waitMs: number): boolean {
	return budget.retries < budget.maxRetries && budget.waitedMs + waitMs <= budget.maxWaitMs;
}

export function spend(budget: RetryBudget, waitMs: number): void {
	budget.retries++;
	budget.waitedMs += waitMs;
}

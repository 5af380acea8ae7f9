/**
 * The page script's entry: makes the data half, exports it for the tests, and starts the view where there
 * is a document (a browser; the tests' `vm` context has none). The halves come in as parameters, so the
 * served text (../script.ts) is `pageMain(globalThis, pageData, pageView)` with every function inline.
 */
import type { pageData } from './pageData';
import type { pageView } from './pageView';
import type { PageRoot } from './types';

/* istanbul ignore file: coverage counters inside the function would be served with it and fail in the browser
   (here, not at the top: a comment over type-only imports compiles away with them). */
export function pageMain(root: PageRoot, makeData: typeof pageData, startView: typeof pageView): void {
	const page = makeData(root);
	root.fullstoryEmulatorPage = page;
	if (root.document) startView(root, root.document, page);
}

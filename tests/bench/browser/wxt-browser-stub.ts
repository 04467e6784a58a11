/** `wxt/browser` for code bundled into a plain page by the benchmark: there is no extension API there. */
export const browser = (globalThis as { chrome?: unknown }).chrome ?? {};

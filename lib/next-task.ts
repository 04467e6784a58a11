/**
 * Let the page go on: resolves in a later task, so work split into steps around it never holds
 * the main thread for the whole job. The one place outside the browser adapters that schedules
 * a task; domain code takes it as an argument (or as a default it can be given instead of).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

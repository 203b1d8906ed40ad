import type { AppDeps } from '../app.js';

/**
 * The open-data download routes under /opendata. Returns undefined for paths it does not serve.
 * (Placeholder until the open-data feed lands.)
 */
export function openDataRoutes(_deps: AppDeps): (request: Request) => Promise<Response | undefined> {
  return async () => undefined;
}

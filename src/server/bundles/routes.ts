import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { bundleCatalogueRoutes } from './catalogue-routes.js';
import { bundleCaseRoutes } from './case-routes.js';

/** 一件事 (issue 10): the bundle catalogue and bundle cases. */
export function bundleRoutes(app: App, deps: CapabilityDeps): void {
  bundleCatalogueRoutes(app, deps);
  bundleCaseRoutes(app, deps);
}

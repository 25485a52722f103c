import type { Config } from './config.js';
import type { App } from './http/types.js';
import type { FileStorage } from './adapters/storage.js';
import type { MessageSender } from './adapters/messaging.js';
import { fileRoutes } from './files/routes.js';
import { caseRoutes } from './cases/routes.js';
import { caseSearchRoutes } from './cases/search-routes.js';
import { orgRoutes } from './org/routes.js';
import { auditRoutes } from './audit/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { catalogueRoutes } from './catalogue/routes.js';
import { catalogueTransferRoutes } from './catalogue/transfer-routes.js';
import { catalogueSettingsRoutes } from './catalogue/settings-routes.js';
import { synonymRoutes } from './catalogue/synonyms.js';
import { bundleRoutes } from './bundles/routes.js';
import { bundleTransferRoutes } from './bundles/transfer-routes.js';
import { scorecardRoutes } from './scorecards/routes.js';
import { publicRankingRoutes } from './scorecards/public-routes.js';
import { scorecardReportRoutes } from './scorecards/report-routes.js';
import { ratingRoutes } from './ratings/routes.js';
import { complaintRoutes } from './ratings/complaints.js';
import { supervisionRoutes } from './supervision/routes.js';
import { hallRoutes } from './hall/routes.js';
import { kioskRoutes } from './kiosk/routes.js';
import { licenceRoutes } from './licences/routes.js';
import { sealRoutes } from './seals/routes.js';
import { dataSharingRoutes } from './data-sharing/routes.js';
import { configuredProviders } from './data-sharing/registry.js';
import { plugLicenceStore } from './data-sharing/providers.js';
import { licenceDataStore } from './licences/data-store.js';
import { profileRoutes } from './profile/routes.js';
import { materialLibraryRoutes } from './material-library/routes.js';
import { agentRoutes } from './agents/routes.js';

export interface CapabilityDeps {
  config: Config;
  now: () => Date;
  storage: FileStorage;
  messages: MessageSender;
}

/** Every capability's routes, one line each (DESIGN.md §2). */
export function registerCapabilities(app: App, deps: CapabilityDeps): void {
  orgRoutes(app, deps);
  auditRoutes(app, deps);
  caseRoutes(app, deps);
  caseSearchRoutes(app, deps);
  calendarRoutes(app, deps);
  catalogueRoutes(app, deps);
  catalogueSettingsRoutes(app, deps);
  synonymRoutes(app, deps);
  bundleRoutes(app, deps);
  scorecardRoutes(app, deps);
  publicRankingRoutes(app);
  scorecardReportRoutes(app, deps);
  ratingRoutes(app, deps);
  complaintRoutes(app, deps);
  supervisionRoutes(app, deps);
  hallRoutes(app, deps);
  kioskRoutes(app, deps);
  licenceRoutes(app, deps);
  sealRoutes(app, deps);
  plugLicenceStore(licenceDataStore(deps.now));
  dataSharingRoutes(app, { ...deps, dataProviders: configuredProviders(deps.config) });
  profileRoutes(app, deps);
  materialLibraryRoutes(app, deps);
  agentRoutes(app, deps);
}

/** Routes that take multipart uploads; registered in a scope that has the multipart parser. */
export function registerUploadCapabilities(app: App, deps: CapabilityDeps): void {
  fileRoutes(app, deps);
  catalogueTransferRoutes(app, deps);
  bundleTransferRoutes(app, deps);
}

import { httpSourceProvider, type HttpSourceConfig } from './http-source.js';
import { providerRegistry, type ProviderRegistry } from './service.js';

/**
 * The providers of one installation, built once per configuration: the data-sharing routes and the
 * filing of a case (免证办 via data) share them, so an HTTP source has one circuit breaker, not two.
 */
const built = new WeakMap<object, ProviderRegistry>();

export function configuredProviders(config: { httpDataSources: readonly HttpSourceConfig[] }): ProviderRegistry {
  let registry = built.get(config);
  if (!registry) {
    registry = providerRegistry(new Map(config.httpDataSources.map((c) => [c.source, httpSourceProvider(c)])));
    built.set(config, registry);
  }
  return registry;
}

/**
 * The service discovery file as an HTTP answer, so the bot's own web server can host it at
 * {@link WELL_KNOWN_PATH} (the server module wires the route; this module stays framework-free).
 */
import { serviceDiscoveryText, WELL_KNOWN_PATH, type DiscoveryCloud } from './service-discovery';

export { WELL_KNOWN_PATH };

/** A framework-neutral HTTP response. */
export interface WellKnownResponse {
  status: 200;
  headers: {
    'Content-Type': 'application/json';
    'Cache-Control': string;
    'X-Content-Type-Options': 'nosniff';
  };
  /** The file's text, exactly as {@link serviceDiscoveryText} returns it. */
  body: string;
}

/** How long devices and proxies may cache the file, in seconds. */
export const WELL_KNOWN_MAX_AGE_SECONDS = 300;

/**
 * The answer to `GET /.well-known/com.apple.remotemanagement` for a tenant. Devices add
 * `?user-identifier=…&model-family=…`; the file is the same for every user and device, so the
 * query is accepted and ignored (pass it or not). Throws `DomainCheckError` when the tenant
 * ID is not a GUID or the cloud is unknown, which is a configuration bug: check it at start-up.
 */
export function wellKnownResponse(
  cloud: DiscoveryCloud,
  tenantId: string,
  _query?: Readonly<Record<string, unknown>>,
): WellKnownResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': `public, max-age=${WELL_KNOWN_MAX_AGE_SECONDS}`,
      'X-Content-Type-Options': 'nosniff',
    },
    body: serviceDiscoveryText(cloud, tenantId),
  };
}

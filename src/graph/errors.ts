import { AppError, type AppErrorOptions } from '../errors';

/** Why a Graph call failed, for callers that branch. */
export type GraphFailure =
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'throttled'
  | 'unavailable'
  | 'unauthorized'
  | 'conflict'
  | 'network'
  | 'unknown';

/** Details Graph gave about a failure; everything an admin needs to open a support case. */
export interface GraphErrorDetails {
  reason: GraphFailure;
  /** Which call failed, e.g. `profiles.create` (src/graph/graph-errors.ts `GraphOperation`). */
  operation?: string;
  status?: number;
  /** Graph's error code (branch on this, never on the message). */
  graphCode?: string;
  /** Graph's message, safe to show an admin. */
  graphMessage?: string;
  requestId?: string;
  date?: string;
  /** For 403: the least-privileged permission the call needs, e.g. DeviceManagementServiceConfig.ReadWrite.All. */
  missingPermission?: string;
  /** For 429/503: seconds Graph asked us to wait. */
  retryAfterSeconds?: number;
}

/**
 * A Graph call that failed, translated at the edge (src/graph) so flows never see SDK shapes.
 * `adminMessage()` is what an admin sees: what failed, what to do, and the request id and date.
 */
export class GraphError extends AppError {
  public readonly details: GraphErrorDetails;

  public constructor(message: string, details: GraphErrorDetails, options: AppErrorOptions = {}) {
    super(
      details.reason === 'forbidden'
        ? 'forbidden'
        : details.reason === 'not_found'
          ? 'not_found'
          : 'internal',
      message,
      options,
    );
    this.details = details;
  }

  /** One short paragraph for an admin, ending with the ids Microsoft support asks for. */
  public adminMessage(): string {
    const d = this.details;
    const what =
      d.reason === 'forbidden'
        ? `Microsoft Graph refused the call (403).${d.missingPermission ? ` The bot's app registration needs the application permission **${d.missingPermission}** with admin consent.` : ''}`
        : d.reason === 'throttled'
          ? 'Microsoft Graph is throttling requests right now (429). Please try again in a minute.'
          : d.reason === 'unavailable'
            ? 'Microsoft Graph is temporarily unavailable. Please try again in a minute.'
            : d.reason === 'not_found'
              ? 'Microsoft Graph could not find that item (404). It may have been deleted in the meantime.'
              : d.reason === 'bad_request'
                ? `Microsoft Graph rejected the request (400)${d.graphMessage ? `: ${d.graphMessage}` : '.'}`
                : d.reason === 'unauthorized'
                  ? 'The bot could not sign in to Microsoft Graph (401). Check its Graph credential.'
                  : d.reason === 'network'
                    ? 'The bot could not reach Microsoft Graph.'
                    : `Microsoft Graph returned an error${d.status ? ` (${d.status})` : ''}.`;
    const ids = [d.requestId ? `request-id ${d.requestId}` : '', d.date ? `date ${d.date}` : '']
      .filter(Boolean)
      .join(', ');
    return ids ? `${what} For support: ${ids}.` : what;
  }
}

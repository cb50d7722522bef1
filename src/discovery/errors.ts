import { AppError, type AppErrorOptions } from '../errors';

/** Why a service discovery check or file was refused before anything was fetched. */
export type DomainCheckErrorReason =
  | 'invalid_domain'
  | 'invalid_tenant'
  | 'invalid_cloud'
  | 'invalid_user_identifier'
  | 'invalid_option'
  | 'refused_target';

/**
 * Raised by the discovery module for bad input (a domain name, tenant id or cloud that cannot be
 * used) and for targets the bot refuses to contact (a domain that resolves to a loopback, private
 * or otherwise non-public address). The message is written for the admin who asked, contains no
 * internals, and only ever quotes an already validated domain, so a flow can show it as is
 * (escaped like any other text). Problems with the remote server are never raised; they are
 * findings in the report.
 */
export class DomainCheckError extends AppError {
  public readonly reason: DomainCheckErrorReason;

  public constructor(
    reason: DomainCheckErrorReason,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(reason === 'refused_target' ? 'forbidden' : 'bad_request', message, options);
    this.reason = reason;
  }
}

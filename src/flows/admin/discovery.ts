import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  messageResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import { renderNoticeCard } from '../../cards/knowledge-cards';
import { escapeCardText, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import { renderDomainCheckCard, renderServiceDiscoveryCard } from '../../discovery/discovery-cards';
import { DomainCheckError } from '../../discovery/errors';
import type { DiscoveryCloud } from '../../discovery/service-discovery';
import { verifyDomain } from '../../discovery/verify-domain';
import { translator } from '../../i18n/catalogue';
import { turnLanguage } from '../../i18n/turn-language';
import { sendCard } from '../context';

import { refusalResponse, sendRefusal, type AdminDeps } from './admin-deps';

/** What the discovery flows need besides the admin dependencies. */
export interface DiscoveryDeps extends AdminDeps {
  tenantId: string;
  cloud: DiscoveryCloud;
  /** https URL where the bot serves the file for download, when it has a public address. */
  downloadUrl: string | undefined;
}

/** What the "Verify <domain>" button needs: the tenant and cloud the file must name. */
export interface VerifyDomainActionDeps extends AdminDeps {
  tenantId: string;
  cloud: DiscoveryCloud;
  /** Domain verifier; defaults to verifyDomain. Tests inject a fake so nothing leaves the host. */
  verify?: typeof verifyDomain;
}

/** The domain part of a sign-in name, when it looks like one. */
function upnDomain(upn: string | undefined): string | undefined {
  const at = upn?.lastIndexOf('@') ?? -1;
  return upn && at > 0 ? upn.slice(at + 1).toLowerCase() : undefined;
}

async function signInDomain(ctx: TurnContext, deps: DiscoveryDeps): Promise<string | undefined> {
  const id = ctx.activity.from?.aadObjectId;
  if (!id) return undefined;
  const user = await deps.directory.getUser(id).catch(() => undefined);
  return upnDomain(user?.userPrincipalName);
}

/**
 * `service discovery file`: the exact JSON account-driven enrollment needs for this tenant and
 * cloud, where and how to host it, with a download link when the bot has a public URL.
 */
export async function serviceDiscoveryCommand(
  ctx: TurnContext,
  deps: DiscoveryDeps,
): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  await sendCard(
    ctx,
    renderServiceDiscoveryCard({
      cloud: deps.cloud,
      tenantId: deps.tenantId,
      signInDomain: await signInDomain(ctx, deps),
      downloadUrl: deps.downloadUrl,
    }),
  );
}

/** The domain in "verify domain contoso.com". */
export function parseVerifyDomain(text: string): string {
  const rest = text.replace(/^\s*(verify|check|test)\s+(the\s+)?domain\s*/i, '').trim();
  if (rest !== text.trim()) return rest;
  // The command matched after spelling correction ("verfy domain contoso.com"): the domain is
  // what follows its first two words, as typed.
  return text.trim().split(/\s+/).slice(2).join(' ');
}

/**
 * `verify domain <domain>`: fetches the domain's service discovery file as a device would and
 * reports each finding. Refuses invalid names and non-public addresses (no SSRF).
 */
export async function verifyDomainCommand(
  ctx: TurnContext,
  deps: DiscoveryDeps,
  domain: string,
): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  if (domain === '') {
    const suggestion = await signInDomain(ctx, deps);
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          title: t('admin.discovery.whichDomainTitle'),
          message: t('admin.discovery.whichDomainMessage'),
          topics: [],
          footer: '',
          buttons: suggestion
            ? [
                {
                  title: t('admin.discovery.verifyButton', { domain: suggestion }),
                  value: t('admin.discovery.verifyCommand', { domain: suggestion }),
                },
              ]
            : [],
          fallbackText: t('admin.discovery.whichDomainFallback'),
        },
        lang,
      ),
    );
    return;
  }
  await ctx.sendActivity({ type: 'typing' });
  try {
    const report = await verifyDomain(domain, { tenantId: deps.tenantId, cloud: deps.cloud });
    await sendCard(ctx, renderDomainCheckCard(report));
  } catch (err) {
    if (!(err instanceof DomainCheckError)) throw err;
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          title: t('admin.discovery.cantCheckTitle', {
            domain: escapeCardText(truncate(domain, 60)),
          }),
          message: err.message,
          topics: [],
          footer: t('admin.discovery.cantCheckFooter'),
          buttons: [],
          fallbackText: err.message,
        },
        lang,
      ),
    );
  }
}

/**
 * Card data of a "Verify <domain>" button (on a helpdesk alert whose diagnosis blames a sign-in
 * domain's service discovery file). The domain is only a name to check, like the one typed after
 * "verify domain"; who may run the check comes from the activity.
 */
export const verifyDomainActionSchema = z.object({
  domain: z.string().trim().min(1).max(253),
});

function verifyDomainHandler(
  deps: VerifyDomainActionDeps,
): CardActionHandler<z.infer<typeof verifyDomainActionSchema>> {
  return {
    schema: verifyDomainActionSchema,
    async handle(ctx, data): Promise<AdaptiveCardInvokeResponse> {
      const lang = turnLanguage(ctx).lang;
      const t = translator(lang);
      const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
      if (!auth.admin) return refusalResponse(auth, lang);
      const verify = deps.verify ?? verifyDomain;
      try {
        const report = await verify(data.domain, { tenantId: deps.tenantId, cloud: deps.cloud });
        // A new message below the alert: the alert card itself stays as it is.
        await sendCard(ctx, renderDomainCheckCard(report));
        return messageResponse(
          t('admin.discovery.checked', { domain: truncate(report.domain, 60) }),
        );
      } catch (err) {
        if (!(err instanceof DomainCheckError)) throw err;
        return messageResponse(
          t('admin.discovery.cantCheckDomain', { reason: truncate(err.message, 200) }),
        );
      }
    },
  };
}

/** Registers the "Verify <domain>" button of helpdesk alerts (admins only). */
export function registerDiscoveryActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: VerifyDomainActionDeps,
): void {
  registerCardAction(registry, VERBS.adminVerifyDomain, verifyDomainHandler(deps));
}

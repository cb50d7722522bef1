#!/usr/bin/env bash
# Grants the bot's managed identity the Microsoft Graph application permissions it needs
# (infra/graph-permissions.json), as app role assignments: the managed-identity equivalent of
# "API permissions + Grant admin consent". Run it once after `azd up`, signed in to the Azure CLI
# as someone who may consent to application permissions (Privileged Role Administrator or Global
# Administrator). Safe to run again: roles already granted are skipped.
#
#   bash scripts/grant-graph-permissions.sh              # required permissions
#   bash scripts/grant-graph-permissions.sh --optional   # also the optional ones (campaigns, failure poller, delivery probe)
#
# The identity's principal id comes from `azd env get-value IDENTITY_PRINCIPAL_ID`, or set
# IDENTITY_PRINCIPAL_ID yourself. The Graph endpoint follows the Azure CLI's cloud (`az cloud set`).
set -euo pipefail
cd "$(dirname "$0")/.."

with_optional=false
[ "${1:-}" = "--optional" ] && with_optional=true

principal="${IDENTITY_PRINCIPAL_ID:-$(azd env get-value IDENTITY_PRINCIPAL_ID 2>/dev/null || true)}"
if [ -z "$principal" ]; then
  echo "Set IDENTITY_PRINCIPAL_ID (the managed identity's object id) or run this in the azd project after 'azd up'." >&2
  exit 1
fi

graph_app_id=00000003-0000-0000-c000-000000000000
graph_url="$(az cloud show --query endpoints.microsoftGraphResourceId -o tsv)"
graph_url="${graph_url%/}"
graph_sp="$(az ad sp show --id "$graph_app_id" --query id -o tsv)"

permissions="$(node -e '
  const p = require("./infra/graph-permissions.json");
  const list = process.argv[1] === "true" ? [...p.required, ...p.optional] : p.required;
  process.stdout.write(list.join("\n"));
' "$with_optional")"

granted="$(az rest --method GET --uri "$graph_url/v1.0/servicePrincipals/$principal/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" -o tsv)"

while IFS= read -r permission; do
  [ -z "$permission" ] && continue
  role="$(az ad sp show --id "$graph_app_id" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  if [ -z "$role" ]; then
    echo "  ? $permission: Graph has no such application permission in this cloud; skipped" >&2
    continue
  fi
  if grep -qx "$role" <<<"$granted"; then
    echo "  = $permission (already granted)"
    continue
  fi
  az rest --method POST --uri "$graph_url/v1.0/servicePrincipals/$principal/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$principal\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role\"}" \
    --output none
  echo "  + $permission"
done <<<"$permissions"

echo "Done. Tokens the bot already holds keep their old roles for up to an hour; restart the web app to pick up the new ones now."

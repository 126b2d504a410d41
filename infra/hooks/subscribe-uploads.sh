#!/bin/sh
# azd postdeploy hook: subscribes the detect function's blob trigger to BlobCreated events under uploads/.
#
# Why a hook and not Bicep: the Event Grid endpoint is the Functions host's blob webhook, and its `code` is the
# host's blobs_extension system key, which the host creates the first time it starts with an Event Grid-sourced
# blob trigger - after `azd deploy`, never during `azd provision`. A Bicep listKeys() on the host would fail on
# the first `azd up` (no code yet) and put the key into the deployment's inputs. Here the key goes straight from
# `az functionapp keys list` into the subscription and is never printed.
set -eu

: "${AZURE_SUBSCRIPTION_ID:?run this through azd: azd hooks run postdeploy}"
: "${AZURE_RESOURCE_GROUP:?run this through azd: azd hooks run postdeploy}"
: "${CPU_FUNCTION_APP_NAME:?run this through azd: azd hooks run postdeploy}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?run this through azd: azd hooks run postdeploy}"
: "${UPLOADS_CONTAINER_NAME:?run this through azd: azd hooks run postdeploy}"
: "${DATA_STORAGE_ACCOUNT_ID:?run this through azd: azd hooks run postdeploy}"
: "${UPLOAD_EVENTS_DEADLETTER_CONTAINER_NAME:?run this through azd: azd hooks run postdeploy}"

# The name of the blob-triggered function in the CPU app ([Function("...")]).
function_name=${DETECT_FUNCTION_NAME:-Detect}
subscription_name=uploads-to-detect

host=$(az functionapp show --subscription "$AZURE_SUBSCRIPTION_ID" --resource-group "$AZURE_RESOURCE_GROUP" --name "$CPU_FUNCTION_APP_NAME" \
    --query defaultHostName --output tsv)

attempt=1
key=""
while [ -z "$key" ]; do
    # Any request starts an idle Flex Consumption instance, whose host then creates its system keys.
    curl --silent --output /dev/null --max-time 60 "https://$host/" || true
    key=$(az functionapp keys list --subscription "$AZURE_SUBSCRIPTION_ID" --resource-group "$AZURE_RESOURCE_GROUP" --name "$CPU_FUNCTION_APP_NAME" \
        --query systemKeys.blobs_extension --output tsv 2>/dev/null || true)
    if [ -n "$key" ]; then
        break
    fi
    if [ "$attempt" -ge 20 ]; then
        echo "ERROR: the function app '$CPU_FUNCTION_APP_NAME' has no blobs_extension system key after 10 minutes." >&2
        echo "Is the detect function deployed with an Event Grid-sourced blob trigger named '$function_name'?" >&2
        echo "(set DETECT_FUNCTION_NAME if it has another name), then run: azd hooks run postdeploy" >&2
        exit 1
    fi
    echo "Waiting for the function host to create its blob webhook key ($attempt/20)..."
    attempt=$((attempt + 1))
    sleep 30
done

endpoint="https://$host/runtime/webhooks/blobs?functionName=Host.Functions.$function_name&code=$key"
deadletter="$DATA_STORAGE_ACCOUNT_ID/blobServices/default/containers/$UPLOAD_EVENTS_DEADLETTER_CONTAINER_NAME"

# Retry policy: Event Grid retries a failed delivery with exponential backoff, up to 30 attempts within a day;
# after that the event is written to the dead-letter container, whose blobs the CPU app's UndeliveredUploads
# timer reads to fail the upload's job (so no caller waits on "queued" forever).
echo "Subscribing $function_name to BlobCreated under $UPLOADS_CONTAINER_NAME/ (topic $EVENT_GRID_SYSTEM_TOPIC_NAME)"
az eventgrid system-topic event-subscription create \
    --subscription "$AZURE_SUBSCRIPTION_ID" \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME" \
    --name "$subscription_name" \
    --endpoint-type webhook \
    --endpoint "$endpoint" \
    --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "/blobServices/default/containers/$UPLOADS_CONTAINER_NAME/" \
    --max-delivery-attempts 30 \
    --event-ttl 1440 \
    --deadletter-endpoint "$deadletter" \
    --only-show-errors --output none
echo "Uploads to $UPLOADS_CONTAINER_NAME/ now trigger $function_name."

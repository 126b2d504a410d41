#!/bin/sh
# azd postprovision hook: uploads the CodeFormer and detector ONNX models to the models container of the data
# storage account, where both apps load them from. Runs as the person (or pipeline) running azd, who was given
# Storage Blob Data Contributor on that one container by infra/main.bicep. A file is uploaded only when the blob
# is missing or has a different size, so a repeated `azd up` does not re-send hundreds of megabytes.
set -eu

: "${AZURE_SUBSCRIPTION_ID:?run this through azd: azd hooks run postprovision}"
: "${DATA_STORAGE_ACCOUNT_NAME:?run this through azd: azd hooks run postprovision}"
: "${MODELS_CONTAINER_NAME:?run this through azd: azd hooks run postprovision}"
: "${MODEL_BLOB_NAME:?run this through azd: azd hooks run postprovision}"

root=$(cd "$(dirname "$0")/../.." && pwd)

# models/ at the repository root first; else where `codeformer models fetch` puts them.
source_dir=""
for candidate in "$root/models" "${CODEFORMER_MODELS_DIR:-}" "${HOME:-}/.codeformer/models"; do
    if [ -n "$candidate" ] && [ -f "$candidate/$MODEL_BLOB_NAME" ]; then
        source_dir=$candidate
        break
    fi
done

if [ -z "$source_dir" ]; then
    cat >&2 <<MESSAGE

WARNING: no $MODEL_BLOB_NAME found in $root/models, \$CODEFORMER_MODELS_DIR or ~/.codeformer/models,
so nothing was uploaded to container '$MODELS_CONTAINER_NAME' of storage account '$DATA_STORAGE_ACCOUNT_NAME'.
The infrastructure is in place, but every restore job will fail until the models are there.

Get them with:      codeformer models fetch
(or put $MODEL_BLOB_NAME and the detector .onnx files in $root/models/), then run:
                    azd hooks run postprovision

MESSAGE
    exit 0
fi

model_count=$(find "$source_dir" -type f -name '*.onnx' | wc -l)
if [ "$model_count" -lt 2 ]; then
    echo "WARNING: only $MODEL_BLOB_NAME is in $source_dir; the detect stage also needs its detector model (codeformer models fetch gets both)." >&2
fi

blob_size() {
    az storage blob show --subscription "$AZURE_SUBSCRIPTION_ID" --auth-mode login --account-name "$DATA_STORAGE_ACCOUNT_NAME" \
        --container-name "$MODELS_CONTAINER_NAME" --name "$1" \
        --query properties.contentLength --output tsv 2>/dev/null || echo missing
}

# A role assignment made moments ago can take a few minutes to reach the storage data plane.
wait_for_access() {
    attempt=1
    until az storage blob list --subscription "$AZURE_SUBSCRIPTION_ID" --auth-mode login --account-name "$DATA_STORAGE_ACCOUNT_NAME" \
        --container-name "$MODELS_CONTAINER_NAME" --num-results 1 --only-show-errors --output none 2>/dev/null; do
        if [ "$attempt" -ge 20 ]; then
            echo "ERROR: still no access to container '$MODELS_CONTAINER_NAME' of '$DATA_STORAGE_ACCOUNT_NAME' after 10 minutes." >&2
            echo "Check that AZURE_PRINCIPAL_ID is your object id (azd env get-values) and run: azd provision" >&2
            exit 1
        fi
        echo "Waiting for the Storage Blob Data Contributor role on '$MODELS_CONTAINER_NAME' to take effect ($attempt/20)..."
        attempt=$((attempt + 1))
        sleep 30
    done
}

wait_for_access
echo "Uploading models from $source_dir to $DATA_STORAGE_ACCOUNT_NAME/$MODELS_CONTAINER_NAME"
find "$source_dir" -type f -name '*.onnx' | sort | while IFS= read -r file; do
    blob=${file#"$source_dir"/}
    local_size=$(wc -c < "$file" | tr -d ' ')
    if [ "$(blob_size "$blob")" = "$local_size" ]; then
        echo "  $blob: already there ($local_size bytes)"
        continue
    fi
    echo "  $blob: uploading $local_size bytes"
    az storage blob upload --subscription "$AZURE_SUBSCRIPTION_ID" --auth-mode login --account-name "$DATA_STORAGE_ACCOUNT_NAME" \
        --container-name "$MODELS_CONTAINER_NAME" --name "$blob" --file "$file" \
        --overwrite --only-show-errors --output none
done

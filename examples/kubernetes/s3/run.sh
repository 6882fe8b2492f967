#!/usr/bin/env bash
# The S3 variant of ../run.sh: workers' Job, wait until complete or failed, then the commit Job.
# Nothing shared but the bucket; credentials from the Secret lance4j-s3 (secret.example.yaml).
#   IMAGE=registry.example.com/lance4j:0.1.0 examples/kubernetes/s3/run.sh            # first run
#   OPERATION=append READ_VERSION=1 examples/kubernetes/s3/run.sh                    # later runs
# RUN_ID (default: a new one per run) names the work prefix and is the commit's idempotency key:
# rerun with the same RUN_ID after a failed commit Job and the commit lands at most once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TIMEOUT="${TIMEOUT:-1h}"
RUN_ID="${RUN_ID:-run-$(date -u +%Y%m%d-%H%M%S)-$$}"
OPERATION="${OPERATION:-overwrite}"
READ_VERSION="${READ_VERSION:-0}"
render() {
  sed -e "s#value: \"set-by-run.sh\"#value: \"$RUN_ID\"#" \
      -e "s#value: \"overwrite\"#value: \"$OPERATION\"#" \
      -e "s#value: \"0\"#value: \"$READ_VERSION\"#" \
      ${IMAGE:+-e "s#image: [^ ]*#image: $IMAGE#"} "$1"
}

# shellcheck source=../wait-job.sh
source "$here/../wait-job.sh"

echo "run $RUN_ID: $OPERATION at read version $READ_VERSION"
if [[ "${SKIP_WORKERS:-0}" != 1 ]]; then
  workers=$(render "$here/write-fragments-job.yaml" | kubectl create -f - -o name)
  echo "created $workers"
  if ! wait_job "$workers"; then
    echo "$workers failed or timed out: not committing (the dataset is unchanged)" >&2
    exit 1
  fi
fi
commit=$(render "$here/commit-job.yaml" | kubectl create -f - -o name)
echo "created $commit"
if ! wait_job "$commit"; then
  kubectl logs "$commit" >&2 || true
  echo "$commit failed: fix the cause and rerun with RUN_ID=$RUN_ID SKIP_WORKERS=1 (the key" \
    "makes a commit that did land a no-op)" >&2
  exit 1
fi
kubectl logs "$commit"

#!/usr/bin/env bash
# Runs the workers' Job, waits until it completes OR fails (waiting for "complete" alone would
# sit out the whole timeout after a failure), then the commit Job, and prints its log.
#   IMAGE=registry.example.com/lance4j:0.1.0 examples/kubernetes/run.sh
# Re-runnable: each run creates new Jobs (generateName).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TIMEOUT="${TIMEOUT:-1h}"
image() { if [[ -n "${IMAGE:-}" ]]; then sed "s#image: [^ ]*#image: $IMAGE#" "$1"; else cat "$1"; fi; }

# shellcheck source=wait-job.sh
source "$here/wait-job.sh"

workers=$(image "$here/write-fragments-job.yaml" | kubectl create -f - -o name)
echo "created $workers"
if ! wait_job "$workers"; then
  echo "$workers failed or timed out: not committing (kubectl logs $workers; the dataset is" \
    "unchanged; rerun this script)" >&2
  exit 1
fi
commit=$(image "$here/commit-job.yaml" | kubectl create -f - -o name)
echo "created $commit"
if ! wait_job "$commit"; then
  kubectl logs "$commit" >&2 || true
  echo "$commit failed (exit 4: another commit landed first, rerun; 5: see lance4j --help)" >&2
  exit 1
fi
kubectl logs "$commit"

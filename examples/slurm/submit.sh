#!/usr/bin/env bash
# Submits the workers as an array job and the commit as a job that runs when all of them ended.
#   DATASET=/shared/ds INPUT_DIR=/shared/in WORKERS=8 examples/slurm/submit.sh
# Run from the repository root (the jobs call ./lance4j from $SLURM_SUBMIT_DIR); build the jar
# once first (./lance4j --version) so that the tasks do not all start a build.
# Re-runnable: each run first deletes the task-*.json of an earlier run; the commit step checks
# that every task of this run wrote its JSON and commits nothing otherwise.
set -euo pipefail
usage() {
  echo "usage: DATASET=/shared/datasets/events INPUT_DIR=/shared/incoming [WORKERS=4]" \
    "[SCHEMA=schema.json] [WORK_DIR=...] [OPERATION=overwrite|append] $0" >&2
  exit 1
}
[[ -n "${DATASET:-}" && -n "${INPUT_DIR:-}" ]] || usage
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORKERS="${WORKERS:-4}"
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || { echo "WORKERS must be a positive number" >&2; usage; }
WORK_DIR="${WORK_DIR:-$DATASET.work}"
export DATASET INPUT_DIR WORK_DIR WORKERS
export SCHEMA="${SCHEMA:-}" OPERATION="${OPERATION:-}" READ_VERSION="${READ_VERSION:-}"
export SHARD_BY="${SHARD_BY:-}"
if [[ -z "$READ_VERSION" && -d "$DATASET/_versions" ]]; then
  # pin the version the workers build on, so that a rerun of the commit step finds its key
  # (a key is looked up among the versions after the read version)
  LANCE4J="${LANCE4J:-$here/../../lance4j}"
  READ_VERSION=$("$LANCE4J" info "$DATASET" --json | tr ',{}' '\n\n\n' \
    | sed -n 's/^ *"version" *: *\([0-9][0-9]*\).*/\1/p')
  export READ_VERSION
fi
rm -f "$WORK_DIR"/fragments/task-*.json
jid=$(sbatch --parsable --array=0-$((WORKERS - 1)) --export=ALL "$here/write-fragments.sbatch")
jid="${jid%%;*}"   # --parsable prints "id" or "id;cluster"
# afterany: the commit job runs when every task has ended, failed or not, and itself checks that
# all tasks wrote their JSON (with afterok a failed task would leave it pending for ever);
# --kill-on-invalid-dep=yes removes it should the dependency become impossible anyway.
# the commit carries an idempotency key naming this run: a requeued or resubmitted commit job
# of the same run prints the version the first one made instead of committing again
cid=$(sbatch --parsable --dependency=afterany:"$jid" --kill-on-invalid-dep=yes \
  --export=ALL,IDEMPOTENCY_KEY="${IDEMPOTENCY_KEY:-slurm-$jid}" "$here/commit.sbatch")
echo "submitted workers (job $jid) and the commit step (job ${cid%%;*})"

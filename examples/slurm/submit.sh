#!/usr/bin/env bash
# Submits the workers as an array job and the commit as a job that runs when all succeeded.
#   DATASET=/shared/ds INPUT_DIR=/shared/in WORKERS=8 examples/slurm/submit.sh
# Run from the repository root (the jobs call ./lance4j from $SLURM_SUBMIT_DIR); build the jar
# once first (./lance4j --version) so that the tasks do not all start a build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORKERS="${WORKERS:-4}"
export DATASET INPUT_DIR WORK_DIR SCHEMA OPERATION READ_VERSION
rm -f "${WORK_DIR:-$DATASET.work}"/fragments/task-*.json
jid=$(sbatch --parsable --array=0-$((WORKERS - 1)) --export=ALL "$here/write-fragments.sbatch")
sbatch --dependency=afterok:"$jid" --export=ALL "$here/commit.sbatch"
echo "submitted workers (job $jid) and the commit step"

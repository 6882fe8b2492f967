# wait_job JOB: waits until a Job is complete OR failed (waiting for "complete" alone would sit
# out the whole timeout after a failure); returns 0 on complete. Sourced by run.sh and s3/run.sh.
# TIMEOUT (default 1h) bounds the wait.
wait_job() {
  local job="$1" t="${TIMEOUT:-1h}"
  kubectl wait --for=condition=complete --timeout="$t" "$job" >/dev/null 2>&1 & local ok=$!
  kubectl wait --for=condition=failed --timeout="$t" "$job" >/dev/null 2>&1 & local bad=$!
  while kill -0 "$ok" 2>/dev/null && kill -0 "$bad" 2>/dev/null; do sleep 2; done
  if ! kill -0 "$ok" 2>/dev/null && wait "$ok"; then kill "$bad" 2>/dev/null || true; return 0; fi
  kill "$ok" "$bad" 2>/dev/null || true
  return 1
}

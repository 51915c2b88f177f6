# Shell functions the benchmark scripts share (sourced, not run).

# start_server BIN STORE WEB_DIR WORK: starts `BIN serve` on a free loopback port, in the
# background, and waits until it listens. Sets PID and BASE (http://127.0.0.1:PORT) and a trap
# that stops the server when the calling script exits; the server's stdout and log go to WORK.
start_server() {
  local bin=$1 store=$2 web=$3 work=$4
  "$bin" serve --store "$store" --port 0 --web "$web" >"$work/serve.out" 2>"$work/serve.log" &
  PID=$!
  trap 'kill $PID 2>/dev/null || true' EXIT
  for _ in $(seq 100); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
  BASE=$(sed -n 's/^listening on //p' "$work/serve.out")
  [ -n "$BASE" ] || { echo "error: the server did not start: $(cat "$work/serve.log")" >&2; exit 1; }
}

# stop_server: stops the server start_server started.
stop_server() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  trap - EXIT
}

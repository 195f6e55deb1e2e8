#!/usr/bin/env bash
# B5: start-up. `mgmt run --converged-exit --converger-timeout=0` on a one-resource program, NativeAOT binary:
# wall time of the whole run, measured with hyperfine (many runs, after warm-up runs).
source "$(dirname "$0")/lib.sh"
dir=$(scratch b5)
runs=$([ "$BENCH_QUICK" = 1 ] && echo 20 || echo 50)
cat >"$dir/one.yaml" <<YAML
graph: b5-one-resource
resources:
  file:
    - {name: $dir/out/motd, state: exists, content: "hello\\n"}
YAML
mkdir -p "$dir/out"
cat >"$dir/one.mcl" <<MCL
file "$dir/out/motd-lang" {
	state => "exists",
	content => "hello\\n",
}
MCL

# measure_startup LABEL CMD: sets MED (median wall seconds) and CPU_MEAN (mean user + system seconds) over $runs
# runs: hyperfine when present (3 warm-up runs first), else a plain loop.
measure_startup() {
  local label=$1 cmd=$2 json="$BENCH_LOGS/b5-$1.json" flat
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 3 --runs "$runs" --export-json "$json" --style none "$cmd" >"$BENCH_LOGS/b5-$label.log" 2>&1 \
      || die "hyperfine failed for $label (see $BENCH_LOGS/b5-$label.log)"
    flat=$(tr -d ' \n' <"$json")
    MED=$(sed -n 's/.*"median":\([0-9.e+-]*\).*/\1/p' <<<"$flat")
    CPU_MEAN=$(awk -v u="$(sed -n 's/.*"user":\([0-9.e+-]*\).*/\1/p' <<<"$flat")" -v s="$(sed -n 's/.*"system":\([0-9.e+-]*\).*/\1/p' <<<"$flat")" 'BEGIN { print u + s }')
  else
    local walls=() cpus=()
    for _ in $(seq 1 "$runs"); do timed "$BENCH_LOGS/b5-$label.log" bash -c "$cmd"; check_ok "$label" "$BENCH_LOGS/b5-$label.log"; walls+=("$WALL"); cpus+=("$CPU"); done
    MED=$(median "${walls[@]}"); CPU_MEAN=$(median "${cpus[@]}")
  fi
}
in_ms() { ms "$(awk -v s="$1" 'BEGIN { print s * 1000 }')"; }

common="$MGMT run --tmp-prefix --converged-exit --converger-timeout=0"
measure_startup yaml "$common yaml $dir/one.yaml"; yaml_s=$MED; yaml_cpu=$CPU_MEAN
timed "$BENCH_LOGS/b5-yaml-rss.log" $common yaml "$dir/one.yaml"; check_ok "mgmt run yaml" "$BENCH_LOGS/b5-yaml-rss.log"; yaml_rss=$RSS_KB
measure_startup version "$MGMT --version"; version_s=$MED; version_cpu=$CPU_MEAN

lang_s=""
if "$MGMT" run lang --help >/dev/null 2>&1; then
  measure_startup lang "$common lang $dir/one.mcl"; lang_s=$MED; lang_cpu=$CPU_MEAN
  timed "$BENCH_LOGS/b5-lang-rss.log" $common lang "$dir/one.mcl"; check_ok "mgmt run lang" "$BENCH_LOGS/b5-lang-rss.log"; lang_rss=$RSS_KB
fi

# What a killed agent leaves in the temporary directory: the JIT runtime makes a diagnostic socket and two debugger
# pipes per process (dotnet-diagnostic-PID-*, clr-debug-pipe-PID-*); the NativeAOT binary must make none.
"$MGMT" run --tmp-prefix yaml "$dir/one.yaml" >"$BENCH_LOGS/b5-kill.log" 2>&1 &
kill_pid=$!
sleep 2
kill -KILL "$kill_pid" 2>/dev/null || true
wait "$kill_pid" 2>/dev/null || true
leftovers=$(find "${TMPDIR:-/tmp}" -maxdepth 1 \( -name "dotnet-diagnostic-$kill_pid-*" -o -name "clr-debug-pipe-$kill_pid-*" \) 2>/dev/null | wc -l)

result_begin b5 "start-up: a one-resource program, NativeAOT binary"
result header "command | median wall time ($runs runs) | mean CPU time (user + system) | peak RSS"
result row "\`mgmt run --converged-exit --converger-timeout=0 yaml one.yaml\` | $(in_ms "$yaml_s") | $(in_ms "$yaml_cpu") | $(mib "$yaml_rss")"
if [ -n "$lang_s" ]; then
  result row "\`mgmt run --converged-exit --converger-timeout=0 lang one.mcl\` | $(in_ms "$lang_s") | $(in_ms "$lang_cpu") | $(mib "$lang_rss")"
fi
result row "\`mgmt --version\` (the process alone) | $(in_ms "$version_s") | $(in_ms "$version_cpu") | "
result target "yaml: ≤ 100 ms | $(in_ms "$yaml_s") | $(verdict_le "$yaml_s" 0.1)"
if [ -n "$lang_s" ]; then
  result target "lang: ≤ 100 ms | $(in_ms "$lang_s") | $(verdict_le "$lang_s" 0.1)"
else
  result note "\`mgmt run lang\` is not in this binary yet: only the YAML front end was measured."
fi
result row "runtime diagnostic files left in \$TMPDIR by an agent killed with SIGKILL | $leftovers | | "
result note "hyperfine, 3 warm-up runs then $runs runs; the resource is a file with content that already exists after the first run, so this is start-up, one check, convergence and a clean exit."
result_end

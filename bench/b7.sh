#!/usr/bin/env bash
# B7: the reactive path. A program whose file content is os.readfile of an input file: the driver writes a new
# input (the stream function's tick) and measures until the output file holds it. In process (library API, real
# engine) always; end to end with `mgmt run lang` when the binary has it.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b7)
samples=$([ "$BENCH_QUICK" = 1 ] && echo 50 || echo 200)

$BENCH_DRIVER reactive --dir "$dir/inproc" --samples "$samples" >"$BENCH_LOGS/b7-inproc.txt" \
  || die "the in-process reactive driver failed (see $BENCH_LOGS/b7-inproc.txt)"
in="$BENCH_LOGS/b7-inproc.txt"

e2e=""
if "$MGMT" run lang --help >/dev/null 2>&1; then
  mkdir -p "$dir/e2e/out"
  printf 'start\n' >"$dir/e2e/input.txt"
  cat >"$dir/e2e/main.mcl" <<MCL
import "os"

file "$dir/e2e/out/output.txt" {
	state => "exists",
	content => os.readfile("$dir/e2e/input.txt"),
}
MCL
  trap stop_agent EXIT
  start_agent "$BENCH_LOGS/b7-agent.log" lang "$dir/e2e/main.mcl"
  $BENCH_DRIVER follow --input "$dir/e2e/input.txt" --output "$dir/e2e/out/output.txt" --samples "$samples" --label e2e \
    >"$BENCH_LOGS/b7-e2e.txt" || die "the end-to-end reactive driver failed (see $BENCH_LOGS/b7-e2e.txt and b7-agent.log)"
  stop_agent
  e2e="$BENCH_LOGS/b7-e2e.txt"
fi

result_begin b7 "reactive path: a stream function ticks, a file's content follows"
result header "path | samples | p50 | p90 | p99 | max"
result row "in process (ProgramRuntime + Engine) | $(kv "$in" inproc_n) | $(ms "$(kv "$in" inproc_p50_ms)") | $(ms "$(kv "$in" inproc_p90_ms)") | $(ms "$(kv "$in" inproc_p99_ms)") | $(ms "$(kv "$in" inproc_max_ms)")"
if [ -n "$e2e" ]; then
  result row "\`mgmt run lang\` (NativeAOT) | $(kv "$e2e" e2e_n) | $(ms "$(kv "$e2e" e2e_p50_ms)") | $(ms "$(kv "$e2e" e2e_p90_ms)") | $(ms "$(kv "$e2e" e2e_p99_ms)") | $(ms "$(kv "$e2e" e2e_max_ms)")"
  result target "p50 ≤ 5 ms (\`mgmt run lang\`) | $(ms "$(kv "$e2e" e2e_p50_ms)") | $(verdict_le "$(kv "$e2e" e2e_p50_ms)" 5)"
fi
result target "p50 ≤ 5 ms (in process) | $(ms "$(kv "$in" inproc_p50_ms)") | $(verdict_le "$(kv "$in" inproc_p50_ms)" 5)"
result note "The program is \`file OUT { content => os.readfile(IN), }\`. Each sample: the driver writes IN atomically (write a temporary file, rename it over IN) with a new text, and takes the time when its own inotify watch sees OUT written with that text. That covers the inotify event of IN, os.readfile's read, the function graph, a new resource graph, the engine's swap and the file's atomic, fsync'd write. In process, the driver hosts the program itself (\`mgmt-bench reactive\`), without logging."
[ -z "$e2e" ] && result note "\`mgmt run lang\` is not in this binary yet: only the in-process path was measured."
result_end

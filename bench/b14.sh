#!/usr/bin/env bash
# B14: a 10,000-line mcl program (B6's generated units: classes, lambdas, loops, printf) with one stream input
# (os.readfile) that feeds one file: time from the input's change to the resource graph that follows it, seen as
# the file holding the new text.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b14)
samples=$([ "$BENCH_QUICK" = 1 ] && echo 20 || echo 50)
lines=10000

mkdir -p "$dir/out"
$BENCH_DRIVER lang-gen --lines "$lines" --out "$dir/units.mcl" >/dev/null || die "lang-gen failed"
{
  echo 'import "os"'
  cat "$dir/units.mcl"
  echo "file \"$dir/out/changed\" { state => \"exists\", content => os.readfile(\"$dir/input.txt\"), }"
} >"$dir/main.mcl"
printf 'start\n' >"$dir/input.txt"
total=$(wc -l <"$dir/main.mcl")

trap stop_agent EXIT
start_agent "$BENCH_LOGS/b14-agent.log" lang "$dir/main.mcl"
out="$BENCH_LOGS/b14.txt"
$BENCH_DRIVER follow --input "$dir/input.txt" --output "$dir/out/changed" --samples "$samples" --label s --ready-timeout 300 >"$out" \
  || die "b14: the file did not follow the input (see $out and b14-agent.log)"
rss=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$AGENT_PID/status" 2>/dev/null || echo "?")
stop_agent

result_begin b14 "a 10,000-line mcl program, one stream input changes"
result header "program | samples | p50 | p90 | max | agent peak RSS"
result row "$total lines | $(kv "$out" s_n) | $(ms "$(kv "$out" s_p50_ms)") | $(ms "$(kv "$out" s_p90_ms)") | $(ms "$(kv "$out" s_max_ms)") | $rss MB"
result target "change → new resource graph (here: → the file written), p50 ≤ 10 ms | $(ms "$(kv "$out" s_p50_ms)") | $(verdict_le "$(kv "$out" s_p50_ms)" 10)"
result note "The agent is \`mgmt run lang\` (NativeAOT) on B6's generated program (\`mgmt-bench lang-gen\`: units of a class with its include, a lambda, a for loop, printf and print/noop resources) plus one file whose content is \`os.readfile(INPUT)\`. Each sample rewrites INPUT atomically and takes the time when the driver's inotify watch sees the file hold the new text: the function graph's update, the new resource graph of all the program's resources, the engine's swap and the file's fsync'd write (about 1-2 ms of it, B7)."
result_end

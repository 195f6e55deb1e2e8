#!/usr/bin/env bash
# B3: drift repair. An agent manages 1,000 files; a driver deletes one at random, 200 times, and measures the
# time from the delete to the file being back (inotify on the directory, with its own inotify instance).
source "$(dirname "$0")/lib.sh"
dir=$(scratch b3)
files=1000
samples=$([ "$BENCH_QUICK" = 1 ] && echo 50 || echo 200)
files_yaml "$files" "$dir/managed" >"$dir/b3.yaml"

trap stop_agent EXIT
start_agent "$BENCH_LOGS/b3-agent.log" yaml "$dir/b3.yaml"
wait_files "$dir/managed" "$files"
sleep 1
$BENCH_DRIVER drift --dir "$dir/managed" --files "$files" --samples "$samples" --seed 7 >"$BENCH_LOGS/b3-driver.txt" \
  || die "the drift driver failed (see $BENCH_LOGS/b3-driver.txt)"
rss=$(proc_kb "$AGENT_PID" VmHWM)
stop_agent
out="$BENCH_LOGS/b3-driver.txt"
p50=$(kv "$out" drift_p50_ms); p99=$(kv "$out" drift_p99_ms)

result_begin b3 "drift repair: 1,000 managed files, delete one at random"
result header "measure | ours"
result row "samples | $(kv "$out" drift_n) (failures: $(kv "$out" drift_failures))"
result row "delete → back, p50 | $(ms "$p50")"
result row "delete → back, p90 | $(ms "$(kv "$out" drift_p90_ms)")"
result row "delete → back, p99 | $(ms "$p99")"
result row "delete → back, min / max | $(ms "$(kv "$out" drift_min_ms)") / $(ms "$(kv "$out" drift_max_ms)")"
result row "agent peak RSS | $(mib "$rss")"
result target "p50 ≤ 1 ms | $(ms "$p50") | $(verdict_le "$p50" 1)"
result target "p99 ≤ 10 ms | $(ms "$p99") | $(verdict_le "$p99" 10)"
result note "The agent is \`mgmt run yaml\` (NativeAOT) managing 1,000 files of one directory. The driver (bench/Drivers, \`mgmt-bench drift\`) waits until every file exists, then $samples times: waits 20-30 ms, unlinks a random file and takes the time when its own inotify watch on the directory reports the file's name again and the file holds its content. The agent writes files durably (data and directory fsync'd before the rename), which is part of the time. No other peer: Puppet and Ansible do not watch files."
result_end

#!/usr/bin/env bash
# B4: an idle agent managing N files (1,000 and 10,000): CPU time used over a quiet window (from /proc/PID/stat)
# and its RSS.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b4)
window=$([ "$BENCH_QUICK" = 1 ] && echo 10 || echo 30)
sizes=(1000 10000)
declare -A rss_limit=([1000]=60 [10000]=120) # MB, from BENCHMARKS.md (1,000) and issue 16 (10,000)
declare -A cpu pct rss hwm threads

trap stop_agent EXIT
ticks=$(getconf CLK_TCK)
for n in "${sizes[@]}"; do
  files_yaml "$n" "$dir/managed-$n" >"$dir/b4-$n.yaml"
  start_agent "$BENCH_LOGS/b4-$n-agent.log" yaml "$dir/b4-$n.yaml"
  wait_files "$dir/managed-$n" "$n" 300
  sleep 3   # let the first checks finish and the agent settle
  t0=$(proc_cpu_ticks "$AGENT_PID"); start=$EPOCHREALTIME
  sleep "$window"
  t1=$(proc_cpu_ticks "$AGENT_PID"); end=$EPOCHREALTIME
  rss[$n]=$(proc_kb "$AGENT_PID" VmRSS); hwm[$n]=$(proc_kb "$AGENT_PID" VmHWM)
  threads[$n]=$(awk '$1 == "Threads:" { print $2 }' "/proc/$AGENT_PID/status")
  stop_agent
  cpu[$n]=$(awk -v a="$t0" -v b="$t1" -v t="$ticks" 'BEGIN { printf "%.3f", (b - a) / t }')
  pct[$n]=$(awk -v c="${cpu[$n]}" -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", 100 * c / (e - s) }')
  rm -rf "$dir/managed-$n"
done

result_begin b4 "idle agent managing 1,000 and 10,000 files"
result header "files | CPU time over ${window} s idle (user + system) | RSS at the end / peak | threads"
for n in "${sizes[@]}"; do
  result row "$n | ${cpu[$n]} s (${pct[$n]} % of one core; resolution 1/$ticks s) | $(mib "${rss[$n]}") / $(mib "${hwm[$n]}") | ${threads[$n]}"
done
for n in "${sizes[@]}"; do
  result target "$n files: CPU ≤ 1% of one core | ${pct[$n]} % | $(verdict_le "${pct[$n]}" 1)"
  result target "$n files: RSS ≤ ${rss_limit[$n]} MB | $(mib "${rss[$n]}") | $(verdict_le "${rss[$n]}" $((rss_limit[$n] * 1024)))"
done
result note "The agent is \`mgmt run yaml\` (NativeAOT) managing N files; it is measured ${window} s long from 3 s after the last file appeared, with nothing touching the files. CPU is the change of utime + stime in /proc/PID/stat, RSS is VmRSS (VmHWM for the peak) from /proc/PID/status."
result_end

#!/usr/bin/env bash
# B4: an idle agent managing 1,000 files: CPU time used over 30 s (from /proc/PID/stat) and its RSS.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b4)
files=1000
window=$([ "$BENCH_QUICK" = 1 ] && echo 10 || echo 30)
files_yaml "$files" "$dir/managed" >"$dir/b4.yaml"

trap stop_agent EXIT
start_agent "$BENCH_LOGS/b4-agent.log" yaml "$dir/b4.yaml"
wait_files "$dir/managed" "$files"
sleep 3   # let the first checks finish and the agent settle
ticks=$(getconf CLK_TCK)
t0=$(proc_cpu_ticks "$AGENT_PID"); start=$EPOCHREALTIME
sleep "$window"
t1=$(proc_cpu_ticks "$AGENT_PID"); end=$EPOCHREALTIME
rss=$(proc_kb "$AGENT_PID" VmRSS); hwm=$(proc_kb "$AGENT_PID" VmHWM)
threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$AGENT_PID/status")
stop_agent
cpu_s=$(awk -v a="$t0" -v b="$t1" -v t="$ticks" 'BEGIN { printf "%.3f", (b - a) / t }')
pct=$(awk -v c="$cpu_s" -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", 100 * c / (e - s) }')

result_begin b4 "idle agent managing 1,000 files"
result header "measure | ours"
result row "CPU time over ${window} s idle (user + system) | ${cpu_s} s ($pct % of one core; resolution 1/$ticks s)"
result row "RSS at the end / peak | $(mib "$rss") / $(mib "$hwm")"
result row "threads | $threads"
result target "CPU ≤ 1% of one core | $pct % | $(verdict_le "$pct" 1)"
result target "RSS ≤ 60 MB | $(mib "$rss") | $(verdict_le "$rss" 61440)"
result note "The agent is \`mgmt run yaml\` (NativeAOT) managing 1,000 files; it is measured ${window} s long from 3 s after the last file appeared, with nothing touching the files. CPU is the change of utime + stime in /proc/PID/stat, RSS is VmRSS (VmHWM for the peak) from /proc/PID/status."
result_end

#!/usr/bin/env bash
# B1: 40 independent `exec` of `sleep 0.5`: wall time to converge and exit, ours vs `puppet apply`.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b1)
count=40

{
  echo "graph: b1-parallel-sleeps"
  echo "resources:"
  echo "  exec:"
  for i in $(seq 1 $count); do echo "    - {name: sleep$i, cmd: /bin/sleep 0.5}"; done
} >"$dir/b1.yaml"
for i in $(seq 1 $count); do echo "exec { 'sleep$i': command => '/bin/sleep 0.5' }"; done >"$dir/b1.pp"

ours_walls=(); ours_rss=()
for r in $(seq 1 "$REPS"); do
  ours "$BENCH_LOGS/b1-ours-$r.log" yaml "$dir/b1.yaml"; check_ok "mgmt" "$BENCH_LOGS/b1-ours-$r.log"
  ours_walls+=("$WALL"); ours_rss+=("$RSS_KB"); log "b1 ours run $r: $WALL s"
done
ours_med=$(median "${ours_walls[@]}")

puppet_med=""
if have_puppet; then
  puppet_walls=()
  for r in $(seq 1 "$PEER_REPS"); do
    puppet_apply "$BENCH_LOGS/b1-puppet-$r.log" "$dir/puppet" "$dir/b1.pp"; check_ok "puppet apply" "$BENCH_LOGS/b1-puppet-$r.log"
    puppet_walls+=("$WALL"); log "b1 puppet run $r: $WALL s"
  done
  puppet_med=$(median "${puppet_walls[@]}")
fi

result_begin b1 "40 independent exec of sleep 0.5"
result header "measure | ours | Puppet 7.23"
result row "wall time to converge and exit (median of $REPS / $PEER_REPS) | $(secs "$ours_med") | ${puppet_med:+$(secs "$puppet_med")}"
result row "all runs | $(list_secs "${ours_walls[@]}") | ${puppet_med:+$(list_secs "${puppet_walls[@]}")}"
result row "peak RSS | $(mib "$(max "${ours_rss[@]}")") | "
result target "ours ≤ 1.0 s | $(secs "$ours_med") | $(verdict_le "$ours_med" 1.0)"
if [ -n "$puppet_med" ]; then
  result target "Puppet ÷ ours ≥ 20 | $(ratio "$puppet_med" "$ours_med") | $(verdict_ge "$(awk -v a="$puppet_med" -v b="$ours_med" 'BEGIN{print a/b}')" 20)"
fi
result note "Ours: \`mgmt run --tmp-prefix --converged-exit --converger-timeout=0 yaml b1.yaml\` (NativeAOT), the 40 commands start together; the floor is one \`sleep 0.5\` plus process start-up. Puppet applies resources one after another, so it pays 40 × 0.5 s plus its own start-up and catalog compilation."
result_end

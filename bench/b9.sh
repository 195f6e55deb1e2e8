#!/usr/bin/env bash
# B9: ordering. A chain of 3 `sleep 1` plus 1 independent `sleep 1.5`: the critical path is 3 s, the sum 4.5 s.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b9)
cat >"$dir/b9.yaml" <<'YAML'
graph: b9-ordering
resources:
  exec:
    - {name: first, cmd: /bin/sleep 1}
    - {name: second, cmd: /bin/sleep 1}
    - {name: third, cmd: /bin/sleep 1}
    - {name: aside, cmd: /bin/sleep 1.5}
edges:
  - {from: {kind: exec, name: first}, to: {kind: exec, name: second}}
  - {from: {kind: exec, name: second}, to: {kind: exec, name: third}}
YAML
cat >"$dir/b9.pp" <<'PP'
exec { 'first': command => '/bin/sleep 1' }
-> exec { 'second': command => '/bin/sleep 1' }
-> exec { 'third': command => '/bin/sleep 1' }
exec { 'aside': command => '/bin/sleep 1.5' }
PP

walls=()
for r in $(seq 1 "$REPS"); do
  ours "$BENCH_LOGS/b9-ours-$r.log" yaml "$dir/b9.yaml"; check_ok "mgmt" "$BENCH_LOGS/b9-ours-$r.log"
  walls+=("$WALL"); log "b9 ours run $r: $WALL s"
done
ours_med=$(median "${walls[@]}")
puppet_med=""
if have_puppet; then
  pw=()
  for r in $(seq 1 "$PEER_REPS"); do
    puppet_apply "$BENCH_LOGS/b9-puppet-$r.log" "$dir/puppet" "$dir/b9.pp"; check_ok "puppet apply" "$BENCH_LOGS/b9-puppet-$r.log"
    pw+=("$WALL"); log "b9 puppet run $r: $WALL s"
  done
  puppet_med=$(median "${pw[@]}")
fi

result_begin b9 "ordering: a chain of 3 sleep 1 plus 1 independent sleep 1.5"
result header "measure | ours | Puppet 7.23 (for reference)"
result row "wall time (median of $REPS / $PEER_REPS) | $(secs "$ours_med") | ${puppet_med:+$(secs "$puppet_med")}"
result row "all runs | $(list_secs "${walls[@]}") | ${puppet_med:+$(list_secs "${pw[@]}")}"
result target "≤ 3.3 s (the critical path, not the sum) | $(secs "$ours_med") | $(verdict_le "$ours_med" 3.3)"
result note "The chain runs first → second → third along edges while \`aside\` runs beside it: 3 s of critical path, 4.5 s if run one after another (Puppet does that, plus its start-up)."
result_end

#!/usr/bin/env bash
# B10: the cluster runs itself. Five agents on loopback, ideal cluster size 3 (the first agent starts the cluster,
# the others volunteer, the elected leader nominates two of them). A driver writes a counter to the cluster every
# 10 ms and SIGKILLs the agent whose etcd member leads the raft group: time until writes resume, and until three
# healthy members again (the leader removes the dead one and promotes a volunteer). The killed agent is started
# again between rounds. Needs etcd (Debian: etcd-server).
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/etcd ] || die "B10 needs etcd: apt-get install etcd-server"
dir=$(scratch b10)
rounds=$([ "$BENCH_QUICK" = 1 ] && echo 1 || echo 3)
ttl=3

# free_port: a loopback port nothing listens on now, below the kernel's ephemeral range (from 32768), so that it is
# not taken meanwhile as the local end of an outgoing connection before a volunteer's member starts on it.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

printf 'noop "idle" {}\n' >"$dir/main.mcl"

declare -A pid client peer
hosts=(b10-1 b10-2 b10-3 b10-4 b10-5)
stop_all() {
  local h p
  for h in "${hosts[@]}"; do
    p=${pid[$h]:-}
    [ -n "$p" ] || continue
    kill -TERM "$p" 2>/dev/null || true
  done
  for h in "${hosts[@]}"; do
    p=${pid[$h]:-}
    [ -n "$p" ] || continue
    for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}
trap stop_all EXIT

seeds() { local h s=""; for h in "${hosts[@]}"; do kill -0 "${pid[$h]:-0}" 2>/dev/null && s="${s:+$s,}${client[$h]}"; done; echo "$s"; }

# start HOST FLAGS...: starts an agent (with its own ports and prefix) and waits until it is in the cluster.
start() {
  local host="$1" logfile="$BENCH_LOGS/b10-$1.log"; shift
  local before; before=$(grep -cs "world: in a cluster" "$logfile" || true)
  "$MGMT" run --hostname "$host" --prefix "$dir/$host" --session-ttl=$ttl \
    --client-urls="${client[$host]}" --server-urls="${peer[$host]}" "$@" lang "$dir/main.mcl" >>"$logfile" 2>&1 &
  pid[$host]=$!
  local deadline=$((SECONDS + 60))
  until [ "$(grep -cs "world: in a cluster" "$logfile" || true)" -gt "${before:-0}" ]; do
    kill -0 "${pid[$host]}" 2>/dev/null || die "agent $host stopped at start-up (log: $logfile)"
    [ $SECONDS -lt $deadline ] || die "agent $host did not join the cluster in time (log: $logfile)"
    sleep 0.1
  done
  log "b10: $host is in the cluster"
}

for h in "${hosts[@]}"; do
  client[$h]="http://127.0.0.1:$(free_port)"
  peer[$h]="http://127.0.0.1:$(free_port)"
done
start b10-1 --ideal-cluster-size=3
for h in b10-2 b10-3 b10-4 b10-5; do start "$h" --seeds="${client[b10-1]}"; done

resume=() replaced=() gaps=()
for r in $(seq 1 "$rounds"); do
  agents=$(for h in "${hosts[@]}"; do printf '%s=%s,' "$h" "${pid[$h]}"; done)
  out="$BENCH_LOGS/b10-round$r.txt"
  $BENCH_DRIVER failover --endpoints "$(seeds)" --agents "${agents%,}" --members 3 --label b10 >"$out" \
    || die "the B10 driver failed in round $r (see $out and the b10-*.log agent logs)"
  victim=$(kv "$out" b10_victim)
  resume+=("$(kv "$out" b10_resume_ms)"); replaced+=("$(kv "$out" b10_replaced_ms)"); gaps+=("$(kv "$out" b10_longest_gap_ms)")
  log "b10: round $r: killed $victim; writes resumed after $(kv "$out" b10_resume_ms) ms, three healthy members after $(kv "$out" b10_replaced_ms) ms"
  wait "${pid[$victim]}" 2>/dev/null || true
  # New ports: the old ones may have been taken meanwhile as the local end of some outgoing connection.
  client[$victim]="http://127.0.0.1:$(free_port)"; peer[$victim]="http://127.0.0.1:$(free_port)"
  start "$victim" --seeds="$(seeds)"
done
stop_all

med_resume=$(median "${resume[@]}"); med_replaced=$(median "${replaced[@]}")
result_begin b10 "cluster: SIGKILL of the agent that runs the etcd leader (5 agents, ideal size 3)"
result header "measure | rounds | median | all rounds"
result row "kill → writes resume | $rounds | $(ms "$med_resume") | $(printf '%s ms ' "${resume[@]}")"
result row "longest gap between two completed writes | $rounds | $(ms "$(median "${gaps[@]}")") | $(printf '%s ms ' "${gaps[@]}")"
result row "kill → three healthy members again, the dead one removed | $rounds | $(ms "$med_replaced") | $(printf '%s ms ' "${replaced[@]}")"
result target "writes resume ≤ 2 s | $(ms "$med_resume") | $(verdict_le "$med_resume" 2000)"
result target "replacement healthy ≤ 10 s | $(ms "$med_replaced") | $(verdict_le "$med_replaced" 10000)"
result note "Five \`mgmt run\` agents (NativeAOT) on one machine with \`--session-ttl=$ttl\`: the first starts the cluster with \`--ideal-cluster-size=3\`, the others join with \`--seeds\` and volunteer; the elected leader nominates two of them. The driver (\`mgmt-bench failover\`) is a client of the world that follows the member list and writes a counter every 10 ms; it asks the members which one leads the raft group and SIGKILLs that member's agent (its etcd dies with it). *Writes resume*: from the kill to the completion of the first write started after it (etcd's own election takes about 1.2 s here). *Replacement*: from the kill until \`mgmt cluster status\` shows three healthy voting members without the dead one: the dead agent's session must expire first (its TTL, $ttl s here; etcd restarts lease countdowns after electing a new raft leader), then the leader removes the member and promotes a volunteer (learner, caught up, voter). With the default \`--session-ttl\` of 10 s the replacement takes about 7 s longer. The killed agent is started again between rounds."
result_end

#!/usr/bin/env bash
# B8: the cluster. Five agents on loopback over etcd: three run the etcd members of one cluster (the first starts
# it, the next two join), two are clients. Agent A (a member) publishes the content of an input file in a kv key;
# agent B (a client) writes the value it reads with world.getval into a file. The driver changes A's input and
# times until B's file follows. Needs etcd (Debian: etcd-server).
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/etcd ] || die "B8 needs etcd: apt-get install etcd-server"
dir=$(scratch b8)
samples=$([ "$BENCH_QUICK" = 1 ] && echo 50 || echo 200)
mkdir -p "$dir/out"
printf 'start\n' >"$dir/input.txt"

# free_port: a loopback port nothing listens on now.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

cat >"$dir/main.mcl" <<MCL
import "os"
import "world"

# Agent A publishes its input; every agent writes what it reads into its own file.
if \$hostname == "b8-a" {
	kv "b8" { value => os.readfile("$dir/input.txt"), }
}
\$seen = world.getval("b8")
file "$dir/out/\${hostname}.txt" {
	state => "exists",
	content => \$seen->value,
}
MCL

pids=()
stop_all() {
  local p
  # Clients first, then the members, so that no agent waits on a store that is gone.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[$i]}
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT

# start HOST LOG FLAGS...: starts an agent and waits until it is in the cluster.
start() {
  local host="$1" logfile="$2"; shift 2
  "$MGMT" run --hostname "$host" --tmp-prefix "$@" lang "$dir/main.mcl" >"$logfile" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 60))
  until grep -qs "world: in a cluster" "$logfile"; do
    kill -0 "${pids[-1]}" 2>/dev/null || die "agent $host stopped at start-up (log: $logfile)"
    [ $SECONDS -lt $deadline ] || die "agent $host did not join the cluster in time (log: $logfile)"
    sleep 0.1
  done
  log "b8: $host is in the cluster"
}

seeds=""
for host in b8-a b8-m2 b8-m3; do
  client="http://127.0.0.1:$(free_port)"
  peer="http://127.0.0.1:$(free_port)"
  start "$host" "$BENCH_LOGS/b8-$host.log" --client-urls="$client" --server-urls="$peer" ${seeds:+--seeds="$seeds"}
  seeds="${seeds:+$seeds,}$client"
done
for host in b8-c4 b8-b; do
  start "$host" "$BENCH_LOGS/b8-$host.log" --seeds="$seeds" --no-server
done
# The second and third agents volunteer and are nominated one at a time: measure once all three members run.
deadline=$((SECONDS + 120))
until [ "$("$MGMT" cluster --seeds="$seeds" status --json 2>/dev/null | grep -c '"healthy": true')" -ge 3 ]; do
  [ $SECONDS -lt $deadline ] || die "the cluster did not reach three healthy members in time"
  sleep 0.5
done

$BENCH_DRIVER follow --input "$dir/input.txt" --output "$dir/out/b8-b.txt" --samples "$samples" --label b8 \
  >"$BENCH_LOGS/b8.txt" || die "the B8 driver failed (see $BENCH_LOGS/b8.txt and the b8-*.log agent logs)"
stop_all
out="$BENCH_LOGS/b8.txt"

result_begin b8 "cluster: 5 agents on loopback over etcd"
result header "path | samples | p50 | p90 | p99 | max"
result row "input of A → kv on A → etcd → world.getval on B → file on B | $(kv "$out" b8_n) | $(ms "$(kv "$out" b8_p50_ms)") | $(ms "$(kv "$out" b8_p90_ms)") | $(ms "$(kv "$out" b8_p99_ms)") | $(ms "$(kv "$out" b8_max_ms)")"
result target "p50 ≤ 20 ms | $(ms "$(kv "$out" b8_p50_ms)") | $(verdict_le "$(kv "$out" b8_p50_ms)" 20)"
result note "Five \`mgmt run lang\` agents (NativeAOT) on one machine: three run the members of one etcd cluster (the first starts it, the next two join with \`--seeds\` and are nominated by the cluster's leader), two are clients (\`--no-server\`). A (a member) runs \`kv \"b8\" { value => os.readfile(IN) }\`; B (a client) writes \`world.getval(\"b8\")\` into OUT. Each sample: the driver writes IN atomically with a new text and takes the time when its inotify watch sees OUT holding it: A's reactive path (as in B7), the etcd write replicated to a majority, B's watch, B's function graph, a new resource graph and the file's atomic write."
result_end

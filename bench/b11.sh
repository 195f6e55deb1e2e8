#!/usr/bin/env bash
# B11: deploys. Ten agents on loopback follow the deploys of one etcd (`mgmt run empty --trust KEY` as clients). Each
# round deploys a new signed mcl program: the time from the start of `mgmt deploy` until every agent runs the new
# graph (immediate rollout), and with `--rollout sync` the spread between the first and the last agent's switch.
# Switch times come from the agents' own log lines ("graph .../deploys/N/... is running"), on the same clock.
# Needs etcd (Debian: etcd-server) and gpg.
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/etcd ] || die "B11 needs etcd: apt-get install etcd-server"
command -v gpg >/dev/null || die "B11 needs gpg: apt-get install gpg"
dir=$(scratch b11)
agents=10
rounds=$([ "$BENCH_QUICK" = 1 ] && echo 3 || echo 7)

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

export GNUPGHOME="$dir/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --passphrase '' --quick-gen-key 'B11 <b11@example.invalid>' ed25519 sign 1d 2>/dev/null
gpg --batch --armor --export b11@example.invalid >"$dir/trusted.asc"
gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys b11@example.invalid >"$dir/secret.asc"

client="http://127.0.0.1:$(free_port)"; peer="http://127.0.0.1:$(free_port)"
/usr/bin/etcd --name b11 --data-dir "$dir/etcd" --listen-client-urls "$client" --advertise-client-urls "$client" \
  --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "b11=$peer" >"$BENCH_LOGS/b11-etcd.log" 2>&1 &
etcd_pid=$!
pids=()
stop_all() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  kill -TERM "$etcd_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  gpgconf --kill gpg-agent 2>/dev/null || true
}
trap stop_all EXIT
for _ in $(seq 1 100); do curl -fs "$client/health" >/dev/null 2>&1 && break; sleep 0.1; done

for i in $(seq 1 "$agents"); do
  "$MGMT" run --hostname "b11-$i" --prefix "$dir/a$i" --seeds="$client" --no-server --trust="$dir/trusted.asc" empty \
    >"$BENCH_LOGS/b11-a$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 "$agents"); do
  deadline=$((SECONDS + 120))
  until grep -qs "graph empty is running" "$BENCH_LOGS/b11-a$i.log"; do
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || die "agent b11-$i stopped at start-up (log: $BENCH_LOGS/b11-a$i.log)"
    [ $SECONDS -lt $deadline ] || die "agent b11-$i did not start in time"
    sleep 0.1
  done
done
log "b11: $agents agents follow the deploys"

# seconds of the day of "HH:MM:SS.fff" (the agents' log clock) and of now.
sod() { awk -F'[:.]' '{ printf "%.3f", $1 * 3600 + $2 * 60 + $3 + ("0." $4) }' <<<"$1"; }
now_sod() { sod "$(date +%H:%M:%S.%N | cut -c1-12)"; }

# deploy_round ID ROLLOUT: deploys program ID; sets LAST (seconds from the start of `mgmt deploy` to the last
# agent's switch) and SPREAD (last switch minus first switch).
deploy_round() {
  local id="$1" rollout="$2" i t first="" last=""
  mkdir -p "$dir/p$id"
  printf 'file "%s/out-${hostname}" {\n\tstate => $const.res.file.state.exists,\n\tcontent => "round %s\\n",\n}\n' "$dir" "$id" >"$dir/p$id/main.mcl"
  local start; start=$(now_sod)
  "$MGMT" deploy --seeds="$client" --sign="$dir/secret.asc" --rollout="$rollout" lang "$dir/p$id" >"$BENCH_LOGS/b11-deploy-$id.log" 2>&1 \
    || die "mgmt deploy $id failed (log: $BENCH_LOGS/b11-deploy-$id.log)"
  for i in $(seq 1 "$agents"); do
    local deadline=$((SECONDS + 60))
    until grep -qs "deploys/$id/ is running" "$BENCH_LOGS/b11-a$i.log"; do
      [ $SECONDS -lt $deadline ] || die "agent b11-$i did not run deploy $id (log: $BENCH_LOGS/b11-a$i.log)"
      sleep 0.05
    done
    t=$(sod "$(grep "deploys/$id/ is running" "$BENCH_LOGS/b11-a$i.log" | tail -n 1 | cut -c1-12)")
    if [ -z "$first" ] || awk -v a="$t" -v b="$first" 'BEGIN { exit !(a < b) }'; then first=$t; fi
    if [ -z "$last" ] || awk -v a="$t" -v b="$last" 'BEGIN { exit !(a > b) }'; then last=$t; fi
  done
  LAST=$(awk -v a="$last" -v b="$start" 'BEGIN { printf "%.4f", a - b }')
  SPREAD=$(awk -v a="$last" -v b="$first" 'BEGIN { printf "%.4f", (a - b) * 1000 }')
}

immediate=() sync_total=() spreads=() id=0
for r in $(seq 1 "$rounds"); do
  id=$((id + 1)); deploy_round "$id" immediate; immediate+=("$LAST")
  log "b11: immediate round $r: every agent ran deploy $id after $LAST s (first to last: $SPREAD ms)"
  id=$((id + 1)); deploy_round "$id" sync; sync_total+=("$LAST"); spreads+=("$SPREAD")
  log "b11: sync round $r: every agent ran deploy $id after $LAST s; spread $SPREAD ms"
done
imm_med=$(median "${immediate[@]}"); sync_med=$(median "${sync_total[@]}"); spread_med=$(median "${spreads[@]}"); spread_max=$(max "${spreads[@]}")

result_begin b11 "deploys: ten agents on loopback, signed mcl deploys (ed25519), immediate and sync rollouts"
result header "measure | ours"
result row "immediate: start of mgmt deploy → every agent runs the new graph (median of $rounds) | $(secs "$imm_med")"
result row "immediate: all rounds | $(list_secs "${immediate[@]}")"
result row "sync: start of mgmt deploy → every agent switched (median) | $(secs "$sync_med")"
result row "sync: first-to-last switch spread (median / worst of $rounds) | $(ms "$spread_med") / $(ms "$spread_max")"
result target "immediate ≤ 1 s p50 | $(secs "$imm_med") | $(verdict_le "$imm_med" 1)"
result target "sync spread ≤ 50 ms | $(ms "$spread_med") | $(verdict_le "$spread_med" 50)"
result note "Each round: one etcd, ten agents (mgmt run empty --trust) as clients; the deploy is compiled locally, its file uploaded, the record signed with an armored ed25519 key, then each agent verifies, fetches, compiles and switches. Times come from the agents' log lines on one clock (ms resolution)."
result_end

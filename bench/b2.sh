#!/usr/bin/env bash
# B2: N files with fixed content in one directory: first run (create), second run (nothing to do), peak RSS;
# ours at N = 1,000 / 10,000 / 100,000, Puppet and Ansible at N = 1,000.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b2)
content='hello'   # each file holds "hello\n"

if [ "$BENCH_QUICK" = 1 ]; then sizes=(1000 10000); peer_n=100; else sizes=(1000 10000 100000); peer_n=1000; fi

yaml_for() { # N TARGETDIR
  echo "graph: b2-files-$1"
  echo "resources:"
  echo "  file:"
  echo "    - {name: $2/, state: exists}"
  seq -f "    - {name: $2/f%06g, state: exists, content: \"$content\\n\"}" 1 "$1"
}
puppet_for() { # N TARGETDIR
  echo "file { '$2': ensure => directory }"
  seq -f "file { '$2/f%06g': ensure => file, content => \"$content\\n\" }" 1 "$1"
}
ansible_for() { # N TARGETDIR
  cat <<PLAY
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: the directory
      ansible.builtin.file: {path: "$2", state: directory}
    - name: the files
      ansible.builtin.copy:
        dest: "$2/f{{ '%06d' | format(item) }}"
        content: "$content\\n"
      loop: "{{ range(1, $1 + 1) | list }}"
PLAY
}

# verify TARGETDIR N: every file is there with its content (the agent must really have done the work).
verify() {
  local count distinct
  count=$(find "$1" -maxdepth 1 -type f -name 'f*' | wc -l)
  [ "$count" = "$2" ] || die "$1 has $count files after the run, expected $2"
  distinct=$(find "$1" -maxdepth 1 -type f -name 'f*' -exec cat {} + | sort | uniq -c | awk '{ print $1 " " $2 }')
  [ "$distinct" = "$2 $content" ] || die "files in $1 do not all hold '$content': $distinct"
}

# measure TOOL N RUNS RUNNER INPUT TARGET: first and second runs, RUNS times; sets FIRST, SECOND (median wall
# seconds), FIRST_CPU, SECOND_CPU (median CPU seconds) and PEAK (KB).
measure() {
  local tool=$1 n=$2 runs=$3 runner=$4 input=$5 target=$6 firsts=() seconds=() rss=() one cpu1=() cpu2=()
  for r in $(seq 1 "$runs"); do
    set_aside "$target"
    $runner "$BENCH_LOGS/b2-$tool-$n-first-$r.log" "$input"; check_ok "$tool (first run, N=$n)" "$BENCH_LOGS/b2-$tool-$n-first-$r.log"
    verify "$target" "$n"; firsts+=("$WALL"); cpu1+=("$CPU"); rss+=("$RSS_KB"); one=$WALL
    $runner "$BENCH_LOGS/b2-$tool-$n-second-$r.log" "$input"; check_ok "$tool (second run, N=$n)" "$BENCH_LOGS/b2-$tool-$n-second-$r.log"
    verify "$target" "$n"; seconds+=("$WALL"); cpu2+=("$CPU"); rss+=("$RSS_KB")
    log "b2 $tool N=$n run $r: first $one s, second $WALL s"
  done
  FIRST=$(median "${firsts[@]}"); SECOND=$(median "${seconds[@]}"); PEAK=$(max "${rss[@]}")
  FIRST_CPU=$(median "${cpu1[@]}"); SECOND_CPU=$(median "${cpu2[@]}")
  set_aside "$target"
}

# set_aside DIR: moves the files of an earlier run out of the way instead of deleting them. ext4 does not reuse
# an inode within a minute of its deletion and scans past such inodes when it allocates new ones: creating
# 10,000 files right after deleting 10,000 costs seconds of kernel time, and would be charged to the next run.
# The files are deleted with the scratch directory at the end.
set_aside() {
  [ -e "$1" ] || return 0
  mv "$1" "$(mktemp -u "$dir/set-aside.XXXXXX")"
}

run_ours() { ours "$1" yaml "$2"; }
run_puppet() { puppet_apply "$1" "$dir/puppet" "$2"; }
run_ansible() { ansible_play "$1" "$dir/ansible" "$2"; }

declare -A first second peak first_cpu second_cpu
for n in "${sizes[@]}"; do
  yaml_for "$n" "$dir/ours-$n" >"$dir/ours-$n.yaml"
  reps=$REPS; [ "$n" -ge 100000 ] && reps=$(( REPS < 3 ? REPS : 3 ))
  measure ours "$n" "$reps" run_ours "$dir/ours-$n.yaml" "$dir/ours-$n"
  first[$n]=$FIRST; second[$n]=$SECOND; peak[$n]=$PEAK; first_cpu[$n]=$FIRST_CPU; second_cpu[$n]=$SECOND_CPU
done

p_first=""; a_first=""
if have_puppet; then
  puppet_for "$peer_n" "$dir/puppet-$peer_n" >"$dir/puppet-$peer_n.pp"
  measure puppet "$peer_n" "$PEER_REPS" run_puppet "$dir/puppet-$peer_n.pp" "$dir/puppet-$peer_n"
  p_first=$FIRST; p_second=$SECOND; p_peak=$PEAK; p_cpu1=$FIRST_CPU; p_cpu2=$SECOND_CPU
fi
# Ansible's copy module costs most of a second per file here: one run each (first, second) is already
# tens of minutes at N = 1,000, so it runs once whatever the mode.
if have_ansible; then
  ansible_for "$peer_n" "$dir/ansible-$peer_n" >"$dir/ansible-$peer_n.yml"
  measure ansible "$peer_n" 1 run_ansible "$dir/ansible-$peer_n.yml" "$dir/ansible-$peer_n"
  a_first=$FIRST; a_second=$SECOND; a_peak=$PEAK; a_cpu1=$FIRST_CPU; a_cpu2=$SECOND_CPU
fi

# Ours at the peers' size (measured above when it is one of the sizes, else now).
if [ -z "${first[$peer_n]:-}" ]; then
  yaml_for "$peer_n" "$dir/ours-$peer_n" >"$dir/ours-$peer_n.yaml"
  measure ours "$peer_n" "$REPS" run_ours "$dir/ours-$peer_n.yaml" "$dir/ours-$peer_n"
  first[$peer_n]=$FIRST; second[$peer_n]=$SECOND; peak[$peer_n]=$PEAK; first_cpu[$peer_n]=$FIRST_CPU; second_cpu[$peer_n]=$SECOND_CPU
fi

result_begin b2 "N files with fixed content in one directory"
result header "N | tool | first run (create) | its CPU time | second run (nothing to do) | its CPU time | peak RSS"
for n in "${sizes[@]}"; do
  result row "$(printf "%'d" "$n") | ours | $(secs "${first[$n]}") | $(secs "${first_cpu[$n]}") | $(secs "${second[$n]}") | $(secs "${second_cpu[$n]}") | $(mib "${peak[$n]}")"
done
[ "$peer_n" = "${sizes[0]}" ] || result row "$(printf "%'d" "$peer_n") | ours | $(secs "${first[$peer_n]}") | $(secs "${first_cpu[$peer_n]}") | $(secs "${second[$peer_n]}") | $(secs "${second_cpu[$peer_n]}") | $(mib "${peak[$peer_n]}")"
[ -n "$p_first" ] && result row "$(printf "%'d" "$peer_n") | Puppet 7.23 | $(secs "$p_first") | $(secs "$p_cpu1") | $(secs "$p_second") | $(secs "$p_cpu2") | $(mib "$p_peak")"
[ -n "$a_first" ] && result row "$(printf "%'d" "$peer_n") | Ansible 2.14 (one run) | $(secs "$a_first") | $(secs "$a_cpu1") | $(secs "$a_second") | $(secs "$a_cpu2") | $(mib "$a_peak")"
if [ -n "${first[10000]:-}" ]; then
  result target "10,000 files: first run ≤ 2 s | $(secs "${first[10000]}") | $(verdict_le "${first[10000]}" 2)"
  result target "10,000 files: second run ≤ 1 s | $(secs "${second[10000]}") | $(verdict_le "${second[10000]}" 1)"
  result target "10,000 files: peak RSS ≤ 200 MB | $(mib "${peak[10000]}") | $(verdict_le "${peak[10000]}" 204800)"
fi
if [ -n "${first[100000]:-}" ]; then
  # Linear: the time per file at 100,000 is at most 1.5 times the one at 10,000 (start-up makes small N dearer).
  for run in first second; do
    declare -n times=$run
    growth=$(awk -v a="${times[100000]}" -v b="${times[10000]}" 'BEGIN { printf "%.1f", a / b }')
    result target "time grows linearly with N ($run run, 10,000 → 100,000: ≤ 15× for 10× the files) | ${growth}× | $(verdict_le "$growth" 15)"
    unset -n times
  done
fi
if [ -n "$p_first" ]; then
  result target "Puppet ÷ ours ≥ 50 at $(printf "%'d" "$peer_n") (first run) | $(ratio "$p_first" "${first[$peer_n]}") | $(verdict_ge "$(awk -v a="$p_first" -v b="${first[$peer_n]}" 'BEGIN{print a/b}')" 50)"
  result target "Puppet ÷ ours ≥ 50 at $(printf "%'d" "$peer_n") (second run) | $(ratio "$p_second" "${second[$peer_n]}") | $(verdict_ge "$(awk -v a="$p_second" -v b="${second[$peer_n]}" 'BEGIN{print a/b}')" 50)"
fi
if [ -n "$a_first" ]; then
  result target "Ansible ÷ ours ≥ 50 at $(printf "%'d" "$peer_n") (first run) | $(ratio "$a_first" "${first[$peer_n]}") | $(verdict_ge "$(awk -v a="$a_first" -v b="${first[$peer_n]}" 'BEGIN{print a/b}')" 50)"
  result target "Ansible ÷ ours ≥ 50 at $(printf "%'d" "$peer_n") (second run) | $(ratio "$a_second" "${second[$peer_n]}") | $(verdict_ge "$(awk -v a="$a_second" -v b="${second[$peer_n]}" 'BEGIN{print a/b}')" 50)"
fi
result note "Each run is a separate process: ours is \`mgmt run --tmp-prefix --converged-exit --converger-timeout=0 yaml\` with one \`file\` resource per file plus the directory; Puppet a manifest with the same \`file\` resources; Ansible one \`copy\` task looping over the files (\`connection: local\`, no facts). Times are medians of $REPS runs of ours (at most 3 at 100,000) and $PEER_REPS of Puppet; Ansible runs once. CPU time is user + system of the whole process tree (GNU time): on this shared machine it is the steadier number. After every run the script checks that all N files exist and hold \`hello\\\\n\`. Between runs the files of the previous run are moved aside, not deleted (ext4 scans past recently deleted inodes when it allocates new ones, which made a create-after-delete cost seconds of kernel time). Puppet and Ansible are not run at 10,000 or 100,000: at their speed (Ansible takes most of a second per file here) that would take hours."
[ "$BENCH_QUICK" = 1 ] && result note "Quick pass: no 100,000 run, and the peers at N = 100 instead of 1,000."
result_end

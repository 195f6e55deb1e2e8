#!/usr/bin/env bash
# A real systemd for the svc and cron tests (and the package/service demo, the Puppet tests, which run Puppet
# inside it, the nspawn tests, which boot a machine inside it, and the firewalld tests, which start its firewalld):
# a minimal Debian root booted with systemd-nspawn. systemd is not PID 1 on the test machines, so this is the only systemd the tests can drive.
#
#   systemd-container.sh build [DIR]   make the root once (about a minute, 370 MB); a second call does nothing
#   systemd-container.sh boot  [DIR]   boot it in the foreground; prints "LEADER <pid>" once the container's
#                                      init runs, then keeps running until it gets SIGTERM or its parent dies
#   systemd-container.sh dir           print the root directory used when DIR is not given
#
# The root is cached under /var/cache/mgmt-test/bookworm-vN, N its version (MGMT_TEST_CONTAINER_DIR overrides it) so that every test
# project of one CI run shares it. Boots are volatile: the root is mounted read-only under a tmpfs overlay, so what
# a test writes into the container (unit files, enabled links) is gone when the container stops.
# Needs root, and the packages debootstrap and systemd-container (installed here when missing).
set -euo pipefail

# Bumped whenever the root's content changes, so that a cached root of an older kind is rebuilt. The version is in
# the default directory's name, so that checkouts of different versions on one machine never rebuild each other's.
VERSION=4

default_dir() { echo "${MGMT_TEST_CONTAINER_DIR:-/var/cache/mgmt-test/bookworm-v$VERSION}"; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "systemd-container.sh: this needs root (debootstrap and systemd-nspawn do)" >&2
    exit 2
  fi
}

install_tools() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
  if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build() {
  local dir="$1"
  if [ "$(cat "$dir/.mgmt-container-ready" 2>/dev/null)" = "$VERSION" ]; then
    return 0
  fi
  need_root
  mkdir -p "$(dirname "$dir")"
  # One build at a time (test projects may ask together); whoever waited finds it done.
  exec 9>"$dir.lock"
  flock 9
  if [ "$(cat "$dir/.mgmt-container-ready" 2>/dev/null)" = "$VERSION" ]; then
    return 0
  fi
  install_tools
  # Built beside its final place and renamed at the end, so an interrupted build never looks finished.
  local work="$dir.building.$$"
  rm -rf "$work"
  trap 'rm -rf "$work"' EXIT
  echo "systemd-container.sh: building a Debian bookworm root in $dir (about a minute)" >&2
  # puppet-agent: the Puppet tests compare 'puppet apply' with 'mgmt run puppet' inside the container.
  # systemd-container: machined and systemd-nspawn@.service, for the nspawn tests, which run a machine inside this
  #   container (nspawn in nspawn needs no extra flag on the outer boot: its default capabilities are enough).
  # firewalld, netbase: the firewalld tests talk to a real firewalld on this container's system bus; its rules stay
  #   in the container's private network namespace. firewalld refuses to start without /etc/protocols (netbase).
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,dbus-user-session,libpam-systemd,puppet-agent,systemd-container,firewalld,netbase bookworm "$work" http://deb.debian.org/debian >"$work.log" 2>&1 || {
    tail -n 30 "$work.log" >&2
    rm -f "$work.log"
    echo "systemd-container.sh: debootstrap failed (see above)" >&2
    exit 1
  }
  rm -f "$work.log"
  # Nothing logs in on the console (it is a pipe), so gettys would only fail and retry.
  ln -sf /dev/null "$work/etc/systemd/system/console-getty.service"
  ln -sf /dev/null "$work/etc/systemd/system/getty@.service"
  # firewalld starts only when a test asks for it: the other tests boot this container too and need no firewall.
  rm -f "$work/etc/systemd/system/multi-user.target.wants/firewalld.service"
  # The tests' services append lines here; it exists before any of them runs.
  mkdir -p "$work/var/lib/mgmt-test"
  apt-get clean -o RootDir="$work" >/dev/null 2>&1 || true
  echo "$VERSION" >"$work/.mgmt-container-ready"
  rm -rf "$dir"
  mv "$work" "$dir"
  trap - EXIT
  echo "systemd-container.sh: ready in $dir" >&2
}

# The container's init: the process below nspawn that is PID 1 of its own PID namespace and already runs systemd.
find_leader() {
  local nspawn="$1" pid
  for pid in $(cat /proc/"$nspawn"/task/*/children 2>/dev/null); do
    for candidate in "$pid" $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
      if grep -Eq '^NSpid:[[:space:]]+[0-9]+[[:space:]]+1$' "/proc/$candidate/status" 2>/dev/null &&
        [ "$(cat "/proc/$candidate/comm" 2>/dev/null)" = systemd ]; then
        echo "$candidate"
        return 0
      fi
    done
  done
  return 1
}

boot() {
  local dir="$1"
  need_root
  if [ "$(cat "$dir/.mgmt-container-ready" 2>/dev/null)" != "$VERSION" ]; then
    echo "systemd-container.sh: no container root in $dir; run '$0 build' first" >&2
    exit 3
  fi
  local parent=$PPID
  local log="${MGMT_TEST_CONTAINER_LOG:-/dev/null}"
  systemd-nspawn -D "$dir" --boot --volatile=overlay --private-network --console=pipe --register=no --keep-unit \
    --machine="mgmt-test-$$" </dev/null >"$log" 2>&1 &
  local nspawn=$!
  stop() {
    kill -TERM "$nspawn" 2>/dev/null || true
    # An orderly container shutdown takes a second or two; never leave it behind.
    for _ in $(seq 1 100); do
      kill -0 "$nspawn" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$nspawn" 2>/dev/null || true
    wait "$nspawn" 2>/dev/null || true
  }
  trap 'stop; exit 0' TERM INT HUP
  local leader=""
  for _ in $(seq 1 300); do
    if ! kill -0 "$nspawn" 2>/dev/null; then
      echo "systemd-container.sh: systemd-nspawn ended before the container started" >&2
      exit 4
    fi
    if leader=$(find_leader "$nspawn"); then
      break
    fi
    sleep 0.1
  done
  if [ -z "$leader" ]; then
    echo "systemd-container.sh: the container's init did not appear within 30 s" >&2
    stop
    exit 4
  fi
  echo "LEADER $leader"
  # Stay until told to stop, the container ends, or whoever started us is gone (a crashed test host). Started
  # detached (parent 1), only a signal stops it.
  while { [ "$parent" = 1 ] || kill -0 "$parent" 2>/dev/null; } && kill -0 "$nspawn" 2>/dev/null; do
    sleep 0.5 &
    wait $! || true
  done
  stop
}

command="${1:-}"
dir="${2:-$(default_dir)}"
case "$command" in
  build) build "$dir" ;;
  boot) boot "$dir" ;;
  dir) default_dir ;;
  *)
    echo "usage: $0 build|boot [DIR] | dir" >&2
    exit 64
    ;;
esac

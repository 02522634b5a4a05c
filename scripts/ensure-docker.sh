#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock (for tests and CI on Debian, as root).
# Idempotent: exits 0 at once when `docker info` already answers. Never pulls images.
set -euo pipefail

SOCK=/var/run/docker.sock
LOG=/tmp/dockerd.log
WAIT_SECONDS=${KUBEDECK_DOCKER_WAIT_SECONDS:-60}

engine_version() { docker version --format '{{.Server.Version}}' 2>/dev/null; }

if docker info >/dev/null 2>&1; then
  echo "docker engine $(engine_version) already running"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "ensure-docker: no Docker engine answers and not root: start Docker yourself" >&2
  exit 1
fi

# Serialise concurrent callers so only one installs and starts the engine.
exec 9>/var/lock/kubedeck-ensure-docker.lock
flock -w 180 9 || { echo "ensure-docker: timed out waiting for another ensure-docker" >&2; exit 1; }
if docker info >/dev/null 2>&1; then
  echo "docker engine $(engine_version) running"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "ensure-docker: installing docker.io" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi
if ! command -v docker >/dev/null 2>&1; then
  echo "ensure-docker: docker CLI missing after install" >&2
  exit 1
fi

dockerd_running() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q dockerd "/proc/$pid/comm" 2>/dev/null
}

# Start dockerd unless one is already starting (a concurrent caller, or a slow previous start).
if ! dockerd_running; then
  rm -f "$SOCK" /var/run/docker.pid
  nohup dockerd --host "unix://$SOCK" >>"$LOG" 2>&1 </dev/null &
  disown || true
fi

deadline=$(( $(date +%s) + WAIT_SECONDS ))
until [ -S "$SOCK" ] && docker info >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "ensure-docker: engine did not answer within ${WAIT_SECONDS}s; see $LOG:" >&2
    tail -n 20 "$LOG" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "docker engine $(engine_version) running"

# Docker engine, clients and compose for smoke.sh (sourced).
# Installs Debian's docker.io / docker-compose / debootstrap when missing, starts
# a dockerd when none answers and stops only that one (stop_engine).

DOCKERD_PID=''

apt_install() { # packages...
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "needs $* (install them, or run as root on Debian/Ubuntu)"
  fi
  info "installing $* (apt-get)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_engine() { # needs-debootstrap (yes/no)
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  if ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null; then missing+=(docker.io); fi
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then missing+=(docker-compose); fi
  if [ "$1" = yes ] && ! command -v debootstrap >/dev/null; then missing+=(debootstrap); fi
  if [ ${#missing[@]} -gt 0 ]; then apt_install $(printf '%s\n' "${missing[@]}" | sort -u); fi

  if ! docker info >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || fail 'no Docker engine answers and only root can start dockerd here'
    info "starting dockerd (log: $WORK/dockerd.log)"
    dockerd >"$WORK/dockerd.log" 2>&1 &
    DOCKERD_PID=$!
    local i
    for i in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      kill -0 "$DOCKERD_PID" 2>/dev/null || fail "dockerd exited: $(tail -5 "$WORK/dockerd.log")"
      sleep 1
    done
    docker info >/dev/null 2>&1 || fail 'dockerd did not answer within 60 s'
  fi

  # The client that builds: BuildKit with --secret. A Docker 23+ client builds
  # through the buildx plugin; without it, Debian's 20.10 client (/usr/bin/docker)
  # still has BuildKit built in.
  DOCKER_BUILD_CLI=''
  local candidate
  for candidate in docker /usr/bin/docker; do
    if command -v "$candidate" >/dev/null && DOCKER_BUILDKIT=1 "$candidate" build --help 2>/dev/null | grep -q -- '--secret'; then
      DOCKER_BUILD_CLI=$candidate
      break
    fi
  done
  [ -n "$DOCKER_BUILD_CLI" ] || fail 'no docker client here builds with BuildKit (--secret): install docker-buildx or docker.io'

  if [ -n "${COMPOSE_SMOKE_COMPOSE:-}" ]; then
    read -r -a COMPOSE_CMD <<<"$COMPOSE_SMOKE_COMPOSE"
  elif docker compose version >/dev/null 2>&1; then
    COMPOSE_CMD=(docker compose)
  else
    COMPOSE_CMD=(docker-compose)
  fi
  info "engine: Docker $(docker version -f '{{.Server.Version}}'), build client $DOCKER_BUILD_CLI, compose: ${COMPOSE_CMD[*]} ($("${COMPOSE_CMD[@]}" version --short 2>/dev/null || echo '?'))"
}

stop_engine() {
  [ -n "$DOCKERD_PID" ] || return 0
  info "stopping the dockerd this run started (pid $DOCKERD_PID)"
  kill "$DOCKERD_PID" 2>/dev/null || true
  wait "$DOCKERD_PID" 2>/dev/null || true
  DOCKERD_PID=''
}

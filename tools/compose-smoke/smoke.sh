#!/usr/bin/env bash
# The compose smoke run: docker-compose.yml and docker/Dockerfile, unchanged,
# built and run for real, then walked through, scaled, crashed and restarted.
#   npx nx run compose-smoke:smoke              (or: bash tools/compose-smoke/smoke.sh)
#
# Options:
#   --official  base images as the files name them (a machine with a registry,
#               e.g. GitHub Actions); default: local stand-ins (standins/)
#   --cold      drop the stand-ins, the project's images and the build cache first
#   --keep      leave the mesh running at the end (no `down -v`)
#   --no-observability  skip the observability profile's step
# Environment:
#   COMPOSE_SMOKE_SKIP_COLD=1  exit 3 at once when the stand-ins are not cached (a caller short of time)
#   GATEWAY_PORT          host port of the gateway (default 3000, or a free one when 3000 is taken)
#   COMPOSE_SMOKE_COMPOSE compose command (default: `docker compose` if present, else docker-compose)
#   COMPOSE_SMOKE_NPMRC   npm user config passed to the build as its secret (default: this
#                         machine's registry and CA bundle from `npm config`)
#   MIGRATE_WITH          the migrate job's tool (docker/Dockerfile): prisma, or builtin
#                         (default with stand-ins: nothing can reach binaries.prisma.sh)
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STANDINS=$HERE/standins
cd "$ROOT"

MODE=standins
COLD=no
KEEP=no
OBSERVABILITY=yes
for arg in "$@"; do
  case "$arg" in
    --official) MODE=official ;;
    --cold) COLD=yes ;;
    --keep) KEEP=yes ;;
    --no-observability) OBSERVABILITY=no ;;
    *) echo "usage: $0 [--official] [--cold] [--keep] [--no-observability]" >&2; exit 2 ;;
  esac
done

PROJECT=${COMPOSE_SMOKE_PROJECT:-session-mesh-smoke}
MAX_ABOVE_BASE_MB=250
USER_REPLICAS=3
AUTH_REPLICAS=2
RUN_STARTED=$EPOCHREALTIME
WORK=$(mktemp -d "${TMPDIR:-/tmp}/compose-smoke.XXXXXX")
REPORT=()

info() { printf '   %s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\ncompose-smoke: FAILED: %s\n' "$*" >&2
  exit 1
}
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }
report() { REPORT+=("$1|$2"); }

source "$HERE/lib/engine.sh"
source "$HERE/lib/standins.sh"
source "$HERE/lib/images.sh"

compose() { "${COMPOSE_CMD[@]}" --env-file "$WORK/smoke.env" -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"; }
# With the profile's services too (down, ps, logs reach them only this way).
compose_all() { compose --profile observability "$@"; }

MESH_UP=no
cleanup() {
  local status=$?
  set +e
  if [ "$MESH_UP" = yes ]; then
    if [ "$status" != 0 ]; then
      printf '\n-- state and last log lines of the mesh\n' >&2
      compose_all ps >&2
      compose_all logs --no-color --tail=30 >&2
      # Why a container is unhealthy: its last health probes, with their output.
      local id
      for id in $(containers); do
        docker inspect -f '{{if .State.Health}}{{if ne .State.Health.Status "healthy"}}-- health probes of {{.Name}}:{{range .State.Health.Log}}
   {{.Start.Format "15:04:05"}} exit {{.ExitCode}} {{printf "%.200s" .Output}}{{end}}{{end}}{{end}}' "$id" >&2
      done
    fi
    if [ "$KEEP" = yes ] && [ "$status" = 0 ]; then
      info "the mesh keeps running: ${COMPOSE_CMD[*]} --env-file $WORK/smoke.env -p $PROJECT down -v"
    else
      compose_all down -v --remove-orphans >/dev/null 2>&1
    fi
  fi
  [ "$KEEP" = yes ] && [ "$status" = 0 ] || stop_engine
  [ "$KEEP" = yes ] && [ "$status" = 0 ] || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'printf "compose-smoke: failed at %s line %s: %s\n" "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR

free_port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- containers of the project -------------------------------------------
containers() { # [service]
  docker ps -a -q --filter "label=com.docker.compose.project=$PROJECT" ${1:+--filter "label=com.docker.compose.service=$1"}
}
state_of() { # container -> service status health exit-code restarts
  docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}} {{.RestartCount}}' "$1"
}

# Every long-running service has its expected number of healthy containers and
# migrate exited 0. Fails at once on an exited service or a failed migration.
wait_healthy() { # timeout-seconds expected("service=count ...")
  local deadline=$((SECONDS + $1)) expected=$2 waiting
  while :; do
    waiting=''
    local pair service count healthy id
    for pair in $expected; do
      service=${pair%=*}
      count=${pair#*=}
      healthy=0
      for id in $(containers "$service"); do
        read -r _ status health code _ <<<"$(state_of "$id")"
        if [ "$service" = migrate ]; then
          [ "$status" = exited ] && [ "$code" != 0 ] && fail "migrate exited $code: $(docker logs --tail 20 "$id" 2>&1)"
          [ "$status" = exited ] && [ "$code" = 0 ] && healthy=$((healthy + 1))
        else
          [ "$health" = healthy ] && healthy=$((healthy + 1))
        fi
      done
      [ "$healthy" -ge "$count" ] || waiting+=" $service($healthy/$count)"
    done
    [ -z "$waiting" ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || fail "not healthy after $1 s:$waiting"
    sleep 1
  done
}

redis_cli() { compose exec -T redis redis-cli "$@" | tr -d '\r'; }

walk() { # command args...
  ADMIN_PASSWORD=$ADMIN_PASSWORD node "$HERE/walkthrough.mjs" "$@" "$BASE" "$STATE" || fail "walkthrough ($1) failed"
}

# Bytes received by each container of a service (its eth0), one per line.
rx_bytes() { # service
  local id
  for id in $(containers "$1"); do
    printf '%s %s\n' "$(docker inspect -f '{{.Name}}' "$id" | tr -d /)" "$(docker exec "$id" cat /sys/class/net/eth0/statistics/rx_bytes)"
  done | sort
}

# Sends concurrent requests with large bodies through the gateway and counts
# the replicas whose network counters grew by at least one of those bodies
# (healthchecks and the replica's own Redis/Postgres traffic stay far below).
prove_spread() { # service path replicas
  local service=$1 path=$2 before after count=48 bytes=12000 reached
  before=$(rx_bytes "$service")
  ADMIN_PASSWORD=$ADMIN_PASSWORD node "$HERE/walkthrough.mjs" spread "$BASE" "$path" "$count" "$bytes" \
    || fail "concurrent requests to $service failed"
  after=$(rx_bytes "$service")
  reached=$(join <(echo "$before") <(echo "$after") | awk -v min="$bytes" '
    { delta = $3 - $2; printf "      %s: +%d kB (~%d requests)\n", $1, delta / 1000, delta / '"$bytes"' > "/dev/stderr"; if (delta >= min) n++ }
    END { print n + 0 }')
  [ "$reached" -ge 2 ] || fail "the requests reached $reached of the $3 $service replicas"
  info "requests reached $reached of $3 $service replicas"
  report "$service replicas reached" "$reached of $3"
}

# =========================================================================
step "engine"
ensure_engine "$([ "$MODE" = standins ] && echo yes || echo no)"

# For a caller with little time left (.ci/run): building the stand-ins is the
# long part of a cold run; without them cached, stop here with status 3.
if [ "${COMPOSE_SMOKE_SKIP_COLD:-0}" = 1 ] && [ "$MODE" = standins ] && [ "$COLD" = no ] \
  && [ "$(docker images --filter "reference=$STANDIN_REPO/*" --format '{{.Repository}}' | sort -u | wc -l)" -lt 6 ]; then
  printf '\ncompose-smoke: not run: the base image stand-ins are not cached (COMPOSE_SMOKE_SKIP_COLD=1)\n'
  exit 3
fi

if [ "$COLD" = yes ]; then
  step "cold start: dropping stand-ins, the project's images and the build cache"
  docker ps -a -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r docker rm -f >/dev/null
  docker images -q --filter "label=org.session-mesh.standin.recipe" | sort -u | xargs -r docker rmi -f >/dev/null
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^${PROJECT}[-_]" | xargs -r docker rmi -f >/dev/null || true
  "$DOCKER_BUILD_CLI" builder prune -af >/dev/null
fi

# The environment compose reads: fresh passwords for this run, base images,
# the published port.
if [ -n "${GATEWAY_PORT:-}" ]; then
  port_taken "$GATEWAY_PORT" && fail "GATEWAY_PORT $GATEWAY_PORT is taken on this host"
else
  GATEWAY_PORT=3000
  if port_taken 3000; then GATEWAY_PORT=$(free_port); info "port 3000 is taken here: the gateway publishes $GATEWAY_PORT"; fi
fi
# The observability profile's UIs (127.0.0.1 only): free ports, as other
# test runs on this host may hold 9090.
PROMETHEUS_PORT=$(free_port)
GRAFANA_PORT=$(free_port)
JAEGER_UI_PORT=$(free_port)
GRAFANA_ADMIN_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
BASE=http://127.0.0.1:$GATEWAY_PORT
STATE=$WORK/walkthrough.json
secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
ADMIN_PASSWORD=$(secret)
{
  echo "POSTGRES_PASSWORD=$(secret)"
  echo "REDIS_PASSWORD=$(secret)"
  echo "REDIS_WRITER_PASSWORD=$(secret)"
  echo "REDIS_READER_PASSWORD=$(secret)"
  echo "REDIS_AUDIT_PASSWORD=$(secret)"
  echo "ADMIN_PASSWORD=$ADMIN_PASSWORD"
  echo "GATEWAY_PORT=$GATEWAY_PORT"
  echo "GRAFANA_ADMIN_PASSWORD=$GRAFANA_ADMIN_PASSWORD"
  echo "PROMETHEUS_PORT=$PROMETHEUS_PORT"
  echo "GRAFANA_PORT=$GRAFANA_PORT"
  echo "JAEGER_UI_PORT=$JAEGER_UI_PORT"
} >"$WORK/smoke.env"
chmod 600 "$WORK/smoke.env"

NODE_IMAGE_ARG=''
if [ "$MODE" = standins ]; then
  step "stand-ins for the base images"
  started=$EPOCHREALTIME
  build_standins
  for line in "${STANDIN_REPORT[@]}"; do IFS='|' read -r image how size <<<"$line"; info "$image: $how, $size"; done
  report "stand-ins" "$(since "$started")"
  NODE_IMAGE_ARG=$STANDIN_NODE
  NODE_BASE=$STANDIN_NODE
  MIGRATE_WITH=${MIGRATE_WITH:-builtin}
  {
    echo "POSTGRES_IMAGE=$STANDIN_POSTGRES"
    echo "REDIS_IMAGE=$STANDIN_REDIS"
    echo "NATS_IMAGE=$STANDIN_NATS"
    echo "PROMETHEUS_IMAGE=$STANDIN_PROMETHEUS"
  } >>"$WORK/smoke.env"
else
  MIGRATE_WITH=${MIGRATE_WITH:-prisma}
  NODE_BASE=$(sed -n 's/^ARG NODE_IMAGE=//p' docker/Dockerfile)
  step "official base images"
  for image in "$NODE_BASE" $(compose config | sed -n 's/^ *image: *//p' | sort -u); do
    docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >/dev/null || fail "cannot pull $image"
    info "$image: $(image_size "$image")"
  done
fi

step "images (docker/Dockerfile, as docker-compose.yml builds them; migrate with $MIGRATE_WITH)"
started=$EPOCHREALTIME
build_images
for line in "${BUILD_REPORT[@]}"; do
  IFS='|' read -r service took size target <<<"$line"
  info "$service ($target): built in $took, $size"
  report "image $service ($target)" "$took, $size"
done
report "images, all" "$(since "$started")"

step "image hygiene"
check_image_hygiene
for line in "${HYGIENE_REPORT[@]}"; do info "${line//|/: }"; done

# =========================================================================
step "up"
compose_all down -v --remove-orphans >/dev/null 2>&1 || true
MESH_UP=yes
# What `up` starts: the services of no profile.
SERVICES=$(compose config | node "$HERE/compose-services.mjs" | tr '\n' ' ')
expected_single=''
for service in $SERVICES; do expected_single+=" $service=1"; done
started=$EPOCHREALTIME
compose up -d --no-build >"$WORK/up.log" 2>&1 || fail "up failed: $(tail -20 "$WORK/up.log")"
wait_healthy 300 "$expected_single"
took=$(since "$started")
info "every service healthy $took after \`up\` ($SERVICES)"
report "up -> healthy" "$took"

# The one-shot migration ran once, succeeded, and ended before user-service started.
migrate_ids=$(containers migrate)
[ "$(wc -w <<<"$migrate_ids")" = 1 ] || fail "expected one migrate container, found: $migrate_ids"
read -r _ _ _ code restarts <<<"$(state_of "$migrate_ids")"
[ "$code" = 0 ] && [ "$restarts" = 0 ] || fail "migrate: exit code $code, restarts $restarts"
migrate_end=$(docker inspect -f '{{.State.FinishedAt}}' "$migrate_ids")
users_start=$(docker inspect -f '{{.State.StartedAt}}' "$(containers user-service)")
[ "$(date -d "$migrate_end" +%s%N)" -lt "$(date -d "$users_start" +%s%N)" ] || fail "user-service started ($users_start) before migrate finished ($migrate_end)"
info "migrate ran once, exit 0, finished $migrate_end; user-service started $users_start"
docker logs "$migrate_ids" 2>&1 | sed 's/^/      migrate: /'

for id in $(docker ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=gateway") \
  $(containers auth-service) $(containers user-service); do
  uid=$(docker exec "$id" id -u)
  [ "$uid" != 0 ] || fail "$(docker inspect -f '{{.Name}}' "$id") runs as root"
done
info "the app containers run as uid $(docker exec "$(containers gateway)" id -u), not root"

# =========================================================================
step "walkthrough through the published port ($BASE)"
walk walkthrough
[ "$(redis_cli EXISTS "$(node -p "require('$STATE').keptKey")")" = 1 ] || fail 'the kept session is not in Redis'
[ "$(redis_cli EXISTS "$(node -p "require('$STATE').loggedOutKey")")" = 0 ] || fail 'the logged-out session is still in Redis'
info "Redis holds the live session's key (sess:<sha256>) and not the logged-out one's"
report "walkthrough (1 replica each)" "passed"

# =========================================================================
step "scale: user-service=$USER_REPLICAS, auth-service=$AUTH_REPLICAS"
started=$EPOCHREALTIME
compose up -d --no-build --scale user-service=$USER_REPLICAS --scale auth-service=$AUTH_REPLICAS >"$WORK/scale.log" 2>&1 \
  || fail "scale failed: $(tail -20 "$WORK/scale.log")"
expected_scaled=''
for service in $SERVICES; do
  case "$service" in
    user-service) expected_scaled+=" $service=$USER_REPLICAS" ;;
    auth-service) expected_scaled+=" $service=$AUTH_REPLICAS" ;;
    *) expected_scaled+=" $service=1" ;;
  esac
done
wait_healthy 300 "$expected_scaled"
info "every replica healthy $(since "$started") after \`up --scale\`"
report "scale -> healthy" "$(since "$started")"
walk walkthrough
prove_spread user-service /user "$USER_REPLICAS"
prove_spread auth-service /auth/login "$AUTH_REPLICAS"
report "walkthrough (scaled)" "passed"

# =========================================================================
# The observability profile on the scaled mesh. Here (stand-ins) its Prometheus
# runs for real; Grafana and Jaeger have no Debian package to stand in for
# them, so they run only with the official images (CI), with the apps' traces
# sent to Jaeger as a user would set it in .env.
if [ "$OBSERVABILITY" = yes ]; then
  step "observability profile: every replica found and scraped"
  started=$EPOCHREALTIME
  if [ "$MODE" = official ]; then
    OBS_SERVICES='prometheus grafana jaeger'
    OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318 compose_all up -d --no-build \
      --scale user-service=$USER_REPLICAS --scale auth-service=$AUTH_REPLICAS >"$WORK/obs.log" 2>&1 \
      || fail "observability profile: up failed: $(tail -20 "$WORK/obs.log")"
    wait_healthy 300 "$expected_scaled prometheus=1 grafana=1 jaeger=1"
    walk walkthrough
  else
    OBS_SERVICES=prometheus
    compose_all up -d --no-build prometheus >"$WORK/obs.log" 2>&1 \
      || fail "observability profile: up failed: $(tail -20 "$WORK/obs.log")"
    wait_healthy 120 "prometheus=1"
  fi
  info "$OBS_SERVICES healthy $(since "$started") after \`up\`"
  obs_expected="gateway=1 auth-service=$AUTH_REPLICAS user-service=$USER_REPLICAS"
  DASHBOARD=$ROOT/docker/grafana/dashboards/session-mesh.json
  node "$HERE/observability.mjs" prometheus "http://127.0.0.1:$PROMETHEUS_PORT" "$DASHBOARD" $obs_expected \
    || fail 'Prometheus of the observability profile'
  if [ "$MODE" = official ]; then
    GRAFANA_ADMIN_PASSWORD=$GRAFANA_ADMIN_PASSWORD node "$HERE/observability.mjs" grafana \
      "http://127.0.0.1:$GRAFANA_PORT" "$DASHBOARD" || fail 'Grafana of the observability profile'
    node "$HERE/observability.mjs" jaeger "http://127.0.0.1:$JAEGER_UI_PORT" gateway auth-service user-service \
      || fail 'Jaeger of the observability profile'
  fi
  report "observability ($OBS_SERVICES)" "$(since "$started")"
  # Gone before the steps below, which run the mesh as a plain `up` does.
  compose_all rm -s -f -v $OBS_SERVICES >/dev/null 2>&1
fi

# =========================================================================
step "crash: one user-service replica's process is killed"
victim=$(containers user-service | head -1)
victim_name=$(docker inspect -f '{{.Name}}' "$victim" | tr -d /)
restarts_before=$(docker inspect -f '{{.RestartCount}}' "$victim")
started=$EPOCHREALTIME
# The app is the one child of the container's init (compose's `init: true`);
# `docker kill` would count as a stop and not restart the container.
app_pid=$(docker exec -u 0 "$victim" sh -c '
  for stat in /proc/[0-9]*/stat; do
    read -r pid comm state ppid rest <"$stat" || continue
    if [ "$ppid" = 1 ]; then kill -KILL "$pid" && echo "$pid" && exit 0; fi
  done
  exit 1') || fail "found no app process to kill in $victim_name"
deadline=$((SECONDS + 120))
until [ "$(docker inspect -f '{{.RestartCount}}' "$victim")" -gt "$restarts_before" ] \
  && [ "$(docker inspect -f '{{.State.Health.Status}}' "$victim")" = healthy ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "$victim_name did not come back healthy within 120 s"
  sleep 1
done
info "$victim_name: its app (pid $app_pid in the container) got SIGKILL; restarted by its restart policy, healthy again $(since "$started") later"
report "killed replica -> healthy" "$(since "$started")"
walk walkthrough

# =========================================================================
step "down, then up: users and sessions survive (named volumes)"
started=$EPOCHREALTIME
compose down >"$WORK/down.log" 2>&1 || fail "down failed: $(tail -20 "$WORK/down.log")"
[ -z "$(containers)" ] || fail 'containers left after down'
compose up -d --no-build >"$WORK/up2.log" 2>&1 || fail "up failed: $(tail -20 "$WORK/up2.log")"
wait_healthy 300 "$expected_single"
info "healthy again $(since "$started") after \`down\`"
report "down + up -> healthy" "$(since "$started")"
walk persisted
[ "$(redis_cli EXISTS "$(node -p "require('$STATE').keptKey")")" = 1 ] || fail 'the kept session is gone from Redis'

# =========================================================================
if [ "$KEEP" = no ]; then
  step "down -v leaves nothing behind"
  compose_all down -v --remove-orphans >"$WORK/down-v.log" 2>&1 || fail "down -v failed: $(tail -20 "$WORK/down-v.log")"
  MESH_UP=no
  left=$(
    docker ps -a -q --filter "label=com.docker.compose.project=$PROJECT"
    docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
    docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"
    docker volume ls -q | grep -E "^${PROJECT}_" || true
    docker network ls --format '{{.Name}}' | grep -E "^${PROJECT}_" || true
  )
  [ -z "$left" ] || fail "left behind: $left"
  info "no container, volume or network of project $PROJECT is left"
fi

step "summary ($MODE base images, $("${COMPOSE_CMD[@]}" version --short 2>/dev/null || echo compose))"
report "whole run" "$(since "$RUN_STARTED")"
for line in "${REPORT[@]}"; do printf '   %-34s %s\n' "${line%%|*}" "${line#*|}"; done
echo 'compose-smoke: passed'

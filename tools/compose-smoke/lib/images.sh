# The mesh's images (sourced by smoke.sh): built as docker-compose.yml says
# (context, Dockerfile, target, args), with npm's registry config as a build
# secret, then checked for hygiene.

image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }
image_bytes() { docker image inspect -f '{{.Size}}' "$1"; }

# npm's registry (and CA bundle) from this machine's npm config, as the build
# secrets docker/Dockerfile mounts while npm runs. A nonce marks the file, so
# the hygiene check can prove no layer kept it. COMPOSE_SMOKE_NPMRC names a
# user config to pass instead (a registry that needs a token).
write_npm_secrets() {
  SECRET_NONCE=compose-smoke-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  NPMRC=$WORK/npmrc
  NPM_SECRET_ARGS=()
  (
    umask 077
    echo "# $SECRET_NONCE"
    if [ -n "${COMPOSE_SMOKE_NPMRC:-}" ]; then
      cat "$COMPOSE_SMOKE_NPMRC"
    else
      echo "registry=$(npm config get registry)"
      echo 'update-notifier=false'
    fi
  ) >"$NPMRC"
  local cafile
  cafile=$(npm config get cafile 2>/dev/null || true)
  if [ -n "$cafile" ] && [ "$cafile" != null ] && [ "$cafile" != undefined ] && [ -f "$cafile" ]; then
    echo 'cafile=/run/secrets/npm_cafile' >>"$NPMRC"
    NPM_SECRET_ARGS+=(--secret "id=npm_cafile,src=$cafile")
  fi
  NPM_SECRET_ARGS+=(--secret "id=npmrc,src=$NPMRC")
}

# The name compose gives a service's image: <project>_<service> (v1) or
# <project>-<service> (v2). Both are tagged, so either compose finds it.
compose_image() { echo "$PROJECT-$1"; }

build_images() {
  BUILD_REPORT=()
  RUNTIME_IMAGES=()
  ALL_IMAGES=()
  write_npm_secrets
  local builds
  builds=$(compose config | node "$HERE/compose-builds.mjs") || fail 'could not read the builds from docker-compose.yml'
  local service context dockerfile target args
  while IFS=$'\t' read -r service context dockerfile target args; do
    local build_args=() arg
    for arg in $args; do build_args+=(--build-arg "$arg"); done
    [ -n "$NODE_IMAGE_ARG" ] && build_args+=(--build-arg "NODE_IMAGE=$NODE_IMAGE_ARG")
    [ "$target" = migrate ] && build_args+=(--build-arg "MIGRATE_WITH=$MIGRATE_WITH")
    local image started=$EPOCHREALTIME
    image=$(compose_image "$service")
    info "building $service (target ${target:-default}, ${args:-no args})"
    DOCKER_BUILDKIT=1 "$DOCKER_BUILD_CLI" build --progress=plain \
      -f "$dockerfile" ${target:+--target "$target"} "${build_args[@]}" "${NPM_SECRET_ARGS[@]}" \
      -t "$image" -t "${PROJECT}_$service" "$context" >"$WORK/build-$service.log" 2>&1 \
      || fail "$service did not build (log: $WORK/build-$service.log): $(tail -25 "$WORK/build-$service.log")"
    BUILD_REPORT+=("$service|$(since "$started")|$(image_size "$image")|$target")
    ALL_IMAGES+=("$service|$image")
    [ "$target" = runtime ] && RUNTIME_IMAGES+=("$service|$image")
  done <<<"$builds"
  rm -f "$NPMRC"
}

# Runtime images: not root, no dev dependencies, at most MAX_ABOVE_BASE_MB
# above the base. Every image: no .env, .npmrc or npm secret in any layer.
check_image_hygiene() {
  HYGIENE_REPORT=()
  local base_bytes entry service image
  base_bytes=$(image_bytes "$NODE_BASE")
  local dev_deps
  dev_deps=$(node -e '
    const p = require("./package.json");
    const prod = new Set(Object.keys(p.dependencies ?? {}));
    console.log(Object.keys(p.devDependencies ?? {}).filter((d) => !prod.has(d)).join("\n"));')
  for entry in "${RUNTIME_IMAGES[@]}"; do
    service=${entry%%|*}
    image=${entry#*|}
    local user above inventory dev_direct
    user=$(docker image inspect -f '{{.Config.User}}' "$image")
    case "${user%%:*}" in '' | root | 0) fail "$service: the image runs as root (USER '${user}')" ;; esac
    above=$(($(image_bytes "$image") - base_bytes))
    [ "$above" -le $((MAX_ABOVE_BASE_MB * 1000000)) ] \
      || fail "$service: $((above / 1000000)) MB above the base, more than $MAX_ABOVE_BASE_MB MB"
    # Inside the image: every package under /app/node_modules must be a
    # production entry of the app's lockfile (none marked dev), and the app's
    # own dependencies are listed for the check below.
    inventory=$(docker run --rm --entrypoint node "$image" -e '
      const { existsSync, readdirSync } = require("node:fs");
      const lock = require("/app/package-lock.json").packages;
      const installed = [];
      (function walk(dir) {
        if (!existsSync(dir)) return;
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          if (!e.isDirectory() || e.name.startsWith(".")) continue;
          const path = dir + "/" + e.name;
          if (e.name.startsWith("@")) { walk(path); continue; }
          installed.push(path.slice("/app/".length));
          walk(path + "/node_modules");
        }
      })("/app/node_modules");
      const bad = installed.filter((p) => !lock[p] || lock[p].dev || lock[p].devOptional);
      if (bad.length) { console.error("not production entries of the lockfile: " + bad.slice(0, 5).join(" ")); process.exit(1); }
      console.log(installed.length);
      console.log(Object.keys(require("/app/package.json").dependencies ?? {}).join("\n"));') \
      || fail "$service: /app/node_modules holds more than the production dependencies"
    dev_direct=$(comm -12 <(sort -u <<<"$dev_deps") <(tail -n +2 <<<"$inventory" | sort -u) | tr '\n' ' ')
    [ -z "$dev_direct" ] || fail "$service: the app's package.json lists dev dependencies of the workspace: $dev_direct"
    HYGIENE_REPORT+=("$service|user $user|$(head -1 <<<"$inventory") packages, all production ones|$((above / 1000000)) MB above the base")
  done
  for entry in "${ALL_IMAGES[@]}"; do
    service=${entry%%|*}
    image=${entry#*|}
    scan_layers "$service" "$image"
  done
}

# docker save: the image's config (its history, build args included) and
# every layer, uncompressed. The secret's nonce must appear nowhere, and no
# layer may add a .env or .npmrc file.
scan_layers() { # service image
  local dir=$WORK/save-$1 layer files
  mkdir -p "$dir"
  docker save "$2" | tar -x -C "$dir"
  if grep -r -a -l -F "$SECRET_NONCE" "$dir" >/dev/null; then
    fail "$1: the npm build secret is in the image ($(grep -r -a -l -F "$SECRET_NONCE" "$dir" | head -3))"
  fi
  # manifest.json names the layers in both formats (Docker's, and the OCI
  # layout of Docker 25+).
  local layers
  layers=$(node -e 'for (const layer of require(process.argv[1])[0].Layers) console.log(layer)' "$dir/manifest.json")
  files=''
  while IFS= read -r layer; do
    files+=$(tar -tf "$dir/$layer" | grep -E '(^|/)(\.env(\.[^/]*)?|\.npmrc)$' | grep -v '\.env\.example$' || true)
  done <<<"$layers"
  [ -z "$files" ] || fail "$1: a layer holds $(head -3 <<<"$files")"
  layers=$(wc -l <<<"$layers")
  rm -rf "$dir"
  HYGIENE_REPORT+=("$1|$layers layers: no npm secret, no .env, no .npmrc")
}

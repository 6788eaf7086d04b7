#!/bin/sh
set -e
# As the official image: a first argument that is a flag runs nats-server.
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then set -- nats-server "$@"; fi
exec "$@"

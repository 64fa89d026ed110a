#!/usr/bin/env bash
# Serve the dashboard on one machine: REPLICAS `streamlit run` processes on loopback and nginx in
# front (deploy/nginx.conf.template): sticky sessions, websocket upgrade, framing and upload
# limits, metrics refused, and writing (Import, rollback) only through the editors' port, behind
# a password. A replica that stops (a crash) leaves the others serving: nginx sends its visitors to
# them (Streamlit's page reconnects by itself). Stops everything when nginx stops, or on Ctrl-C.
#
#   make serve REPLICAS=2            # or: deploy/serve.sh
#   deploy/add_editor.sh alice       # editors (before the first start)
#
# Settings (environment): REPLICAS (2), WSIS_LISTEN (0.0.0.0), WSIS_PUBLIC_PORT (8080),
# WSIS_EDITOR_PORT (8081), WSIS_REPLICA_PORTS ("8601 8602 ..."), WSIS_HTPASSWD
# (deploy/htpasswd), WSIS_EDITORS (names allowed to write; default: everyone in the password
# file), WSIS_EMBED_ORIGINS (origins that may frame ?embed=true, e.g. "https://www.itu.int"),
# WSIS_UPLOAD_RATE (10r/m), WSIS_UPLOAD_BURST (20), WSIS_RUN_DIR (run/serve), WSIS_DB (store).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
REPLICAS=${REPLICAS:-2}
export WSIS_LISTEN=${WSIS_LISTEN:-0.0.0.0}
export WSIS_PUBLIC_PORT=${WSIS_PUBLIC_PORT:-8080}
export WSIS_EDITOR_PORT=${WSIS_EDITOR_PORT:-8081}
export WSIS_RUN_DIR=${WSIS_RUN_DIR:-$ROOT/run/serve}
export WSIS_HTPASSWD=${WSIS_HTPASSWD:-$HERE/htpasswd}
export WSIS_EMBED_ORIGINS=${WSIS_EMBED_ORIGINS:-}
export WSIS_UPLOAD_RATE=${WSIS_UPLOAD_RATE:-10r/m}
export WSIS_UPLOAD_BURST=${WSIS_UPLOAD_BURST:-20}
export WSIS_MAX_UPLOAD_MB=51  # above server.maxUploadSize (50) in .streamlit/config.toml
PORTS=${WSIS_REPLICA_PORTS:-$(seq -s ' ' 8601 $((8600 + REPLICAS)))}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

if [ ! -s "$WSIS_HTPASSWD" ]; then
    echo "No editors in $WSIS_HTPASSWD: add one with deploy/add_editor.sh NAME" >&2
    exit 2
fi
mkdir -p "$WSIS_RUN_DIR"
WSIS_RUN_DIR=$(cd "$WSIS_RUN_DIR" && pwd)
WSIS_HTPASSWD=$(cd "$(dirname "$WSIS_HTPASSWD")" && pwd)/$(basename "$WSIS_HTPASSWD")
WSIS_UPSTREAMS=$(for port in $PORTS; do printf '        server 127.0.0.1:%s;\n' "$port"; done)
export WSIS_UPSTREAMS WSIS_RUN_DIR WSIS_HTPASSWD
NAMES='${WSIS_LISTEN} ${WSIS_PUBLIC_PORT} ${WSIS_EDITOR_PORT} ${WSIS_RUN_DIR} ${WSIS_HTPASSWD}
${WSIS_EMBED_ORIGINS} ${WSIS_UPLOAD_RATE} ${WSIS_UPLOAD_BURST} ${WSIS_MAX_UPLOAD_MB} ${WSIS_UPSTREAMS}'
envsubst "$NAMES" < "$HERE/nginx.conf.template" > "$WSIS_RUN_DIR/nginx.conf"
envsubst "$NAMES" < "$HERE/locations.conf.template" > "$WSIS_RUN_DIR/locations.conf"
# As root, nginx's workers would switch to `nobody`, who cannot read a private password file or
# run folder: better an unprivileged user for the whole recipe (ports above 1024 need no root).
GLOBALS="daemon off;"
if [ "$(id -u)" = 0 ]; then
    echo "warning: started as root, so nginx's workers run as root; start the recipe as an" \
        "unprivileged user in production" >&2
    GLOBALS="daemon off; user root;"
fi
"$NGINX" -t -q -p "$WSIS_RUN_DIR" -c "$WSIS_RUN_DIR/nginx.conf" -g "$GLOBALS"

# The app believes the user header only on connections from loopback (nginx, on this machine);
# the replicas listen on loopback only.
export WSIS_TRUSTED_USER_HEADER=X-Wsis-User
export WSIS_EDITOR_URL="${WSIS_EDITOR_URL:-port $WSIS_EDITOR_PORT of this server}"

children=()
stop() {
    trap - EXIT INT TERM
    kill "${children[@]}" 2>/dev/null || true
    wait || true
}
trap stop EXIT INT TERM
# No file watcher: served code does not change under a replica, and Streamlit's watcher (on by
# default, for development) checks every loaded module after each run of each session: 4.5 s
# instead of 0.6 s p95 with 25 users on one replica (README, "Serving many users").
for port in $PORTS; do
    "$PYTHON" -m streamlit run "$ROOT/dashboard.py" --server.address 127.0.0.1 \
        --server.port "$port" --server.headless true --browser.gatherUsageStats false \
        --server.fileWatcherType none --server.runOnSave false \
        >"$WSIS_RUN_DIR/streamlit-$port.log" 2>&1 &
    children+=($!)
done
"$NGINX" -p "$WSIS_RUN_DIR" -c "$WSIS_RUN_DIR/nginx.conf" -g "$GLOBALS" &
nginx_pid=$!
children+=($nginx_pid)
echo "Readers: http://$WSIS_LISTEN:$WSIS_PUBLIC_PORT/  Editors: http://$WSIS_LISTEN:$WSIS_EDITOR_PORT/"
echo "Replicas on 127.0.0.1: $PORTS (logs in $WSIS_RUN_DIR)"
wait "$nginx_pid"

#!/usr/bin/env bash
# Add (or replace) an editor in the proxy's password file: deploy/add_editor.sh NAME [FILE].
# The password is read from standard input (asked for on a terminal) and stored as SHA-512 crypt.
set -euo pipefail
name=${1:?usage: deploy/add_editor.sh NAME [FILE]}
file=${2:-${WSIS_HTPASSWD:-$(dirname "${BASH_SOURCE[0]}")/htpasswd}}
case "$name" in *:* | *" "* | "") echo "an editor name has no ':' or spaces" >&2; exit 2 ;; esac
if [ -t 0 ]; then read -rsp "Password for $name: " password; echo; else read -r password; fi
[ -n "$password" ] || { echo "empty password" >&2; exit 2; }
hash=$(printf '%s' "$password" | openssl passwd -6 -stdin)
touch "$file" && chmod 600 "$file"
{ grep -v "^$name:" "$file" || true; printf '%s:%s\n' "$name" "$hash"; } > "$file.new"
mv "$file.new" "$file"
echo "editor $name in $file"

# shellcheck shell=bash
# Shared by scripts/test-browser and scripts/screenshots: a browser, Selenium and a real
# Kehu serving demo data. Source it after common.sh; do not run it.
#
#   prepare_browser_tools     Debian chromium + chromium-driver, selenium in .venv-tools/
#   start_demo_server         builds, seeds a demo DB in a temp folder, serves it on a free
#                             loopback port; sets KEHU_URL, KEHU_REP_KEY, KEHU_MANAGER_KEY
#   stop_demo_server          stops that server and removes the folder (also run on EXIT)

venv="$repo_root/.venv-tools"

prepare_browser_tools() {
  # chromium-driver is the chromedriver matching Debian's chromium; Selenium drives it.
  ensure_debian_packages chromium chromium-driver python3 libsqlite3-dev pkg-config libcurl4 || return 1
  if ! "$venv/bin/python" -m pip --version > /dev/null 2>&1; then
    python3 -c 'import venv, ensurepip' 2> /dev/null || ensure_debian_packages python3-venv || return 1
    rm -rf "$venv"
    python3 -m venv "$venv" || return 1
    printf '*\n' > "$venv/.gitignore"
  fi
  if ! "$venv/bin/python" -c 'import selenium' 2> /dev/null; then
    say "installing selenium into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check selenium || return 1
  fi
}

demo_dir=""
server_pid=""

stop_demo_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null
    server_pid=""
  fi
  [[ -n $demo_dir ]] && rm -rf "$demo_dir"
  demo_dir=""
}

# Prints the key that `kehu create-key` made (the one token shaped like a key).
key_from() { grep -oE 'kehu_[a-z0-9]+' | head -1; }

start_demo_server() {
  swift build --product kehu || return 1
  local kehu="$repo_root/.build/debug/kehu"
  demo_dir="$(mktemp -d)"
  trap stop_demo_server EXIT
  "$kehu" seed-demo --db "$demo_dir/kehu.sqlite" --customers 300 > "$demo_dir/seed.log" 2>&1 \
    || { cat "$demo_dir/seed.log" >&2; return 1; }
  KEHU_REP_KEY="$("$kehu" create-key --db "$demo_dir/kehu.sqlite" --user rep1@demo.kehu.local --role rep 2>&1 | key_from)"
  KEHU_MANAGER_KEY="$("$kehu" create-key --db "$demo_dir/kehu.sqlite" --user manager@demo.kehu.local --role manager 2>&1 | key_from)"
  [[ -n $KEHU_REP_KEY && -n $KEHU_MANAGER_KEY ]] || { say "could not create the demo keys"; return 1; }
  # Port 0: the kernel picks a free port and the log line "listening" names it, so two
  # runs (or other helpers' servers) never collide.
  "$kehu" serve --db "$demo_dir/kehu.sqlite" --host 127.0.0.1 --port 0 --console "$repo_root/console" \
    --rate-limit 0 --access-log off > "$demo_dir/serve.log" 2>&1 &
  server_pid=$!
  local port="" tries=0
  while [[ -z $port && $tries -lt 100 ]]; do
    port="$(grep -o '"msg":"listening"[^}]*"port":"[0-9]*"' "$demo_dir/serve.log" 2> /dev/null | grep -oE '[0-9]+"$' | tr -d '"' || true)"
    kill -0 "$server_pid" 2> /dev/null || { cat "$demo_dir/serve.log" >&2; return 1; }
    [[ -n $port ]] || sleep 0.1
    tries=$((tries + 1))
  done
  [[ -n $port ]] || { say "kehu serve did not start listening"; cat "$demo_dir/serve.log" >&2; return 1; }
  KEHU_URL="http://127.0.0.1:$port"
  export KEHU_URL KEHU_REP_KEY KEHU_MANAGER_KEY
  say "serving demo data at $KEHU_URL"
}

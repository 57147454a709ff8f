#!/usr/bin/env bash
# Runs the whole StreamAe test suite: installs what the tests need (InfluxDB 1.6, docker-compose for compose
# validation, chromium for the report page), builds, runs every test project, and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

need_packages=()
command -v influxd >/dev/null 2>&1 || need_packages+=(influxdb)
command -v docker-compose >/dev/null 2>&1 || need_packages+=(docker-compose)
# The report tests render the HTML page in headless Chromium.
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); else as_root=(none); fi
  if [ "${as_root[0]:-}" = none ]; then
    echo "test.sh: the tests need these Debian packages: ${need_packages[*]}; run as root or install them (apt-get install ${need_packages[*]})." >&2
    exit 1
  fi
  echo "test.sh: installing ${need_packages[*]}"
  "${as_root[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${need_packages[@]}" >/dev/null \
    || { echo "test.sh: could not install ${need_packages[*]}" >&2; exit 1; }
fi
# The Debian package starts a system influxd on :8086; the tests start their own private ones and need no other.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet influxdb 2>/dev/null; then
  systemctl stop influxdb 2>/dev/null || true
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build StreamAe.sln -c Release -warnaserror 2>&1 | grep -E 'error|warn|Elapsed' ; build_status=${PIPESTATUS[0]}
if [ "$build_status" -ne 0 ]; then
  echo "test.sh: build failed" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# One project at a time: the integration tests start real servers, and the machine may have only two cores.
test_status=0
for project in tests/*.Tests tests/*.IntegrationTests; do
  [ -d "$project" ] || continue
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" 2>&1 | grep -v -E '^\s*$|^Results File:'
  [ "${PIPESTATUS[0]}" -eq 0 ] || test_status=1
done

projects=$(ls -d tests/*.Tests tests/*.IntegrationTests 2>/dev/null | wc -l)
read -r passed failed skipped reports < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = n = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    n += 1
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    # A skipped xunit test is in the total but neither executed nor counted as notExecuted.
    s += int(c.get("total", 0)) - int(c.get("executed", 0))
print(p, f, s, n)
PY
)
if [ "$reports" -lt "$projects" ]; then
  echo "test.sh: only $reports of $projects test projects reported results (a test host crashed?)" >&2
  failed=$((failed + projects - reports))
fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

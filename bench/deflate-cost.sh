#!/usr/bin/env bash
# What permessage-deflate costs on small messages (docs/transports.md, "Compression"): PUBLISH (acknowledge)
# → PUBLISHED round trips of a ~100-byte JSON message, one at a time, plain and compressed, against an
# in-process router. A rough timing (no JMH), about 30 s on 2 cores.
#
#   bench/deflate-cost.sh [ROUND_TRIPS]     (default 10000 per connection and round)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -o -q test-compile dependency:build-classpath -pl bondy-transport -am \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >&2
java -cp "bondy-transport/target/test-classes:bondy-transport/target/classes:$(cat "$CP_FILE")" \
    io.bondy.transport.websocket.DeflateCost "${1:-10000}" 2>/dev/null | grep -E '^(warm-up|round)'

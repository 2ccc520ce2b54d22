#!/usr/bin/env bash
# Bondy benchmark harness. See docs/benchmarks.md.
#
#   bench/run.sh WORKLOAD [--quick] [--pin both|on|off] [--no-build] [--no-peers] [--sessions N[,N...]]
#   bench/run.sh soak [--quick] [--duration SECONDS] [--no-build]
#   bench/run.sh bridge [--quick] [--broker kafka|amqp|mqtt|nats[,...]]
#   bench/run.sh propagation [--quick]
#
# WORKLOAD: roundtrip | throughput | tls | fanout | idle | cluster | gateway | jmh | all, or soak (not part of all: 30 minutes,
#           --quick 2 minutes; mixed traffic against bondy.jar, asserting flat heap/files/threads and that
#           every call is answered; exit code 1 if a check fails; docs/reliability.md#soak)
#           bridge (not part of all): WAMP publications bridged to each broker (Kafka, AMQP, MQTT, NATS JetStream),
#           events/s beside the same client library producing the same records directly (the bound), their
#           ratio and the end-to-end latency (publish -> consumer, publish -> broker ack); a KRaft Kafka broker
#           is started from Maven artifacts, RabbitMQ 5672, Mosquitto 1883 and NATS 4222 are the machine's
#           (bondy-bridge's BridgeBenchmark); --broker picks some (default all); --quick 10,000 events per
#           round, 3 rounds (about 1-1.5 minutes for all four), else 100,000 and 5 (BONDY_BENCH_EVENTS overrides)
#           tls: the round trip and the call throughput over Bondy's plain listeners and their TLS twins
#           (ws:// vs wss://, RawSocket vs RawSocket over TLS) of the same Bondy process, and TLS ÷ plain; the
#           certificate comes from a throwaway CA made with openssl into the results directory (the load
#           generator trusts that CA and checks the address); --quick ~2 minutes, full ~8 (per pinning)
#           propagation (not part of all): how long an API spec loaded on one of three local nodes takes to
#           serve on the other two (p50/p90/p99; issue 20's goal p99 < 100 ms); bondy-server's
#           GatewayPropagationBenchmark, three nodes in one JVM; --quick 40 loads, else 200 (BONDY_BENCH_LOADS overrides)
#   --quick      short runs (all --quick: ~5.5 minutes, tls ~1.5 of them; gateway --quick: ~70 s); default is the full mode
#                (~45 min for all, both pinnings, tls ~8 min per pinning)
#   --pin        on: servers on CPU 0 (taskset -c 0), load generator on CPU 1 (taskset -c 1);
#                off: no pinning; both: every workload unpinned, then pinned
#                (default: both in full mode, off with --quick)
#   --no-build   use the jars already built
#   --no-peers   skip the peer routers (jawampa, fox-wamp)
#   --sessions   idle-session counts (default: 2000 quick; 10000,18000 full, capped by ulimit -n)
#   --jfr        record a Java Flight Recording of Bondy (profile settings, 1 ms sampling) next to the report
#   --duration   soak only: its length in seconds (default 1800, --quick 120)
#
# It builds what it needs, starts every server as its own process on random free loopback ports
# (Bondy, the bare Netty echo server, jawampa, fox-wamp), runs the load generator, stops the
# servers, and prints the tables (also saved under bench/results/DATE/report.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- arguments
WORKLOAD="${1:-}"
[ -n "$WORKLOAD" ] || die "usage: bench/run.sh roundtrip|throughput|tls|fanout|idle|cluster|gateway|jmh|all|soak|bridge|propagation [--quick] [--pin both|on|off] [--no-build] [--no-peers] [--sessions N,N] [--duration SECONDS] [--broker kafka,amqp,mqtt,nats]"
shift
QUICK=""
PIN=""
BUILD=1
PEERS=1
SESSIONS=""
JFR=0
DURATION=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --pin) PIN="${2:?--pin needs both, on or off}"; shift ;;
    --no-build) BUILD=0 ;;
    --no-peers) PEERS=0 ;;
    --sessions) SESSIONS="${2:?--sessions needs a count}"; shift ;;
    --jfr) JFR=1 ;;
    --duration) DURATION="${2:?--duration needs seconds}"; shift ;;
    --broker) BRIDGE_BROKERS="${2:?--broker needs kafka, amqp, mqtt or nats}"; shift ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
case "$WORKLOAD" in
  roundtrip|throughput|fanout|idle|cluster|gateway|jmh) WORKLOADS=("$WORKLOAD") ;;
  tls) WORKLOADS=(tls); PEERS=0 ;;
  all) WORKLOADS=(roundtrip throughput tls fanout idle cluster gateway jmh) ;;
  soak) WORKLOADS=(soak); PEERS=0; PIN="off" ;;
  bridge) WORKLOADS=(bridge); PEERS=0; PIN="off"; BUILD=0 ;;
  propagation) WORKLOADS=(propagation); PEERS=0; PIN="off"; BUILD=0 ;;
  *) die "unknown workload '$WORKLOAD'" ;;
esac
# Quick mode is unpinned only unless --pin says otherwise; the full mode does both.
if [ -z "$PIN" ]; then
  if [ -n "$QUICK" ]; then PIN="off"; else PIN="both"; fi
fi
case "$PIN" in
  both) PIN_MODES=(off on) ;;
  on) PIN_MODES=(on) ;;
  off) PIN_MODES=(off) ;;
  *) die "--pin takes both, on or off" ;;
esac
if [ "$(nproc)" -lt 2 ] || ! command -v taskset >/dev/null 2>&1; then
  log "pinning needs 2 CPUs and taskset: running unpinned only"
  PIN_MODES=(off)
fi

# Many sockets for the idle-session workload: raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT="$(ulimit -n)"
if [ -z "$SESSIONS" ]; then
  if [ -n "$QUICK" ]; then SESSIONS="2000"; else SESSIONS="10000,18000"; fi
fi
IDLE_SIZES=()
for n in ${SESSIONS//,/ }; do
  if [ "$FD_LIMIT" != "unlimited" ] && [ "$n" -gt $((FD_LIMIT - 1000)) ]; then
    log "idle: $n sessions need more than ulimit -n $FD_LIMIT allows; using $((FD_LIMIT - 1000))"
    n=$((FD_LIMIT - 1000))
  fi
  IDLE_SIZES+=("$n")
done

STAMP="$(date +%Y%m%d-%H%M%S)"
RESULTS="$BENCH/results/$STAMP"
mkdir -p "$RESULTS"
REPORT="$RESULTS/report.md"

# The same JVM flags for every Java server (Bondy, echo, jawampa); recorded in the report.
SERVER_JVM_FLAGS=(-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:+UseStringDeduplication -Dio.netty.leakDetection.level=disabled)
LOADGEN_JVM_FLAGS=(-Xms1g -Xmx2g -XX:+UseG1GC -Dio.netty.leakDetection.level=disabled)
BONDY_JAR="$ROOT/bondy-server/target/bondy.jar"
BENCH_CP="$ROOT/bondy-bench/target/bondy-bench.jar:$ROOT/bondy-bench/target/lib/*"
JAWAMPA_CP="$BENCH/jawampa/target/classes:$BENCH/jawampa/target/lib/*"

# ---------------------------------------------------------------- build
HAVE_JAWAMPA=0
HAVE_FOX=0
FOX_NOTE=""
# stale TARGET DIR...: true when TARGET is missing or a file under DIR... is newer than it
stale() {
  local target="$1"; shift
  [ -f "$target" ] || return 0
  [ -n "$(find "$@" -newer "$target" -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.conf' -o -name '*.xml' \) -print -quit 2>/dev/null)" ]
}

build() {
  if [ "$BUILD" = 1 ]; then
    if stale "$BONDY_JAR" "$ROOT"/pom.xml "$ROOT"/bondy-*/pom.xml "$ROOT"/bondy-*/src/main \
        || stale "$ROOT/bondy-bench/target/bondy-bench.jar" "$ROOT/bondy-bench/pom.xml" "$ROOT/bondy-bench/src/main" \
        || [ ! -d "$ROOT/bondy-bench/target/lib" ]; then
      log "building bondy-server and bondy-bench (mvn package -pl bondy-server,bondy-bench -am)"
      if ! (cd "$ROOT" && mvn -B -q -DskipTests -pl bondy-server,bondy-bench -am package) >"$RESULTS/build.log" 2>&1; then
        if [ -f "$BONDY_JAR" ] && [ -f "$ROOT/bondy-bench/target/bondy-bench.jar" ]; then
          log "WARNING: the build failed (see $RESULTS/build.log); using the jars built earlier"
        else
          tail -30 "$RESULTS/build.log" >&2
          die "the build failed and there are no earlier jars"
        fi
      fi
    else
      log "bondy.jar and bondy-bench are up to date with the sources: not rebuilding"
    fi
  fi
  [ -f "$BONDY_JAR" ] || die "$BONDY_JAR is missing (run without --no-build)"
  [ -f "$ROOT/bondy-bench/target/bondy-bench.jar" ] || die "bondy-bench is not built (run without --no-build)"
  if [ "$PEERS" = 1 ]; then
    local jmain="$BENCH/jawampa/target/classes/io/bondy/bench/jawampa/JawampaRouterMain.class"
    if [ "$BUILD" = 1 ] && stale "$jmain" "$BENCH/jawampa/pom.xml" "$BENCH/jawampa/src" \
        || [ ! -f "$jmain" ] || [ ! -f "$BENCH/jawampa/target/lib/jawampa-netty-0.5.0.jar" ]; then
      log "building the jawampa peer (bench/jawampa, its own classpath)"
      if (cd "$BENCH/jawampa" && mvn -B -q -DskipTests package) >"$RESULTS/jawampa-build.log" 2>&1; then
        HAVE_JAWAMPA=1
      else
        log "WARNING: jawampa did not build (see $RESULTS/jawampa-build.log); running without it"
      fi
    else
      HAVE_JAWAMPA=1
    fi
    if ! command -v node >/dev/null 2>&1; then
      FOX_NOTE="fox-wamp: node is not installed"
    elif [ ! -d "$BENCH/fox/node_modules/fox-wamp" ]; then
      log "installing fox-wamp from npm into bench/fox (its sqlite3 dependency compiles: ~2 minutes)"
      if (cd "$BENCH/fox" && timeout 900 npm install --no-audit --no-fund) >"$RESULTS/fox-install.log" 2>&1; then
        HAVE_FOX=1
      else
        FOX_NOTE="fox-wamp: npm install failed (see $RESULTS/fox-install.log)"
      fi
    else
      HAVE_FOX=1
    fi
    [ -z "$FOX_NOTE" ] || log "$FOX_NOTE; running without it"
  fi
}

# ---------------------------------------------------------------- TLS certificate (the tls workload)
WANT_TLS=0
for w in "${WORKLOADS[@]}"; do [ "$w" != tls ] || WANT_TLS=1; done
PKI="$RESULTS/pki"
# make_pki: a throwaway CA and a server certificate for 127.0.0.1 and localhost signed by it (EC P-256,
# valid 30 days, so Bondy's 14-day expiry warning stays out of the log) into $PKI, made once per run; nothing is committed
make_pki() {
  [ ! -f "$PKI/cert.pem" ] || return 0
  command -v openssl >/dev/null 2>&1 || die "the tls workload makes its certificate with openssl, which is not installed"
  mkdir -p "$PKI"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$PKI/san.ext"
  (
    cd "$PKI"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
      -subj "/CN=Bondy bench CA $STAMP"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -out server.csr -subj "/CN=localhost"
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 30 -extfile san.ext
  ) >"$RESULTS/pki.log" 2>&1 || { cat "$RESULTS/pki.log" >&2; die "openssl could not make the bench certificate"; }
  log "made a throwaway CA and server certificate in $PKI"
}

# ---------------------------------------------------------------- servers
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || java -cp "$BENCH_CP" io.bondy.bench.FreePort
}

# free_ports N: N distinct free ports (all held open together while chosen, so none repeats)
free_ports() {
  python3 -c 'import socket,sys
ss=[socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
}

PIDS=()
declare -A SERVER
SERVER_FLAGS_NOTE=""

# wait_ready NAME PID LOGFILE PATTERN
wait_ready() {
  local name="$1" pid="$2" logfile="$3" pattern="$4"
  for _ in $(seq 1 300); do
    if grep -q "$pattern" "$logfile" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$logfile" >&2
      die "$name exited before it was ready (log: $logfile)"
    fi
    sleep 0.2
  done
  die "$name was not ready after 60 s (log: $logfile)"
}

# start_servers PIN_MODE TAG [gateway]: with "gateway", Bondy loads bench/gateway/api_spec.json at start,
# the echo server also listens for plain HTTP (the gateway workload's bound) and no peer router starts
start_servers() {
  local pin="$1" tag="$2" gateway="${3:-}" cpu=() bondy_env=() echo_args=()
  [ "$pin" = on ] && cpu=(taskset -c 0)
  local bws braw ews eraw jws fws jfr=()
  if [ "$JFR" = 1 ]; then
    # the JDK's profile settings, sampling every 1 ms instead of 10 (Java) and 20 (native): a
    # round-trip run spends most of the router's CPU in system calls, so 10 ms leaves few samples
    local jfc="$RESULTS/profile-1ms.jfc"
    sed -E '/<event name="jdk\.(Execution|NativeMethod)Sample">/,/<\/event>/ s#<setting name="period"([^>]*)>[^<]*<#<setting name="period"\1>1 ms<#' \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$jfc"
    jfr=("-XX:StartFlightRecording:filename=$RESULTS/bondy-$tag.jfr,settings=$jfc")
  fi
  bws="$(free_port)"; braw="$(free_port)"; ews="$(free_port)"; eraw="$(free_port)"
  unset 'SERVER[echo_http]' 'SERVER[bondy_tls]'
  if [ "$WANT_TLS" = 1 ] && [ "$gateway" != gateway ]; then
    # the TLS twins of the WebSocket and RawSocket listeners, for the tls workload
    make_pki
    local bwss braws
    bwss="$(free_port)"; braws="$(free_port)"
    SERVER[bondy_tls]="$bwss,$braws"
    bondy_env+=(BONDY_API_GATEWAY_HTTPS_ENABLED=on BONDY_API_GATEWAY_HTTPS_PORT="$bwss"
      BONDY_API_GATEWAY_HTTPS_CERTFILE="$PKI/cert.pem" BONDY_API_GATEWAY_HTTPS_KEYFILE="$PKI/key.pem"
      BONDY_WAMP_TLS_ENABLED=on BONDY_WAMP_TLS_PORT="$braws"
      BONDY_WAMP_TLS_CERTFILE="$PKI/cert.pem" BONDY_WAMP_TLS_KEYFILE="$PKI/key.pem")
  fi
  if [ "$gateway" = gateway ]; then
    SERVER[echo_http]="$(free_port)"
    bondy_env=(BONDY_API_GATEWAY_CONFIG_FILE="$BENCH/gateway/api_spec.json")
    echo_args=(--http-port "${SERVER[echo_http]}")
  fi
  env "${bondy_env[@]}" BONDY_API_GATEWAY_HTTP_PORT="$bws" BONDY_WAMP_TCP_PORT="$braw" BONDY_ADMIN_API_HTTP_PORT=0 \
    BONDY_PLATFORM_DATA_DIR="$RESULTS/bondy-data-$tag" \
    "${cpu[@]}" java "${SERVER_JVM_FLAGS[@]}" "${jfr[@]}" -jar "$BONDY_JAR" >"$RESULTS/bondy-$tag.log" 2>&1 &
  local bpid=$!; PIDS+=("$bpid")
  "${cpu[@]}" java "${SERVER_JVM_FLAGS[@]}" -cp "$BENCH_CP" io.bondy.bench.echo.EchoServerMain \
    --ws-port "$ews" --raw-port "$eraw" "${echo_args[@]}" >"$RESULTS/echo-$tag.log" 2>&1 &
  local epid=$!; PIDS+=("$epid")
  SERVER[bondy]="$bws,$braw,$bpid"
  SERVER[echo]="$ews,$eraw,$epid"
  unset 'SERVER[jawampa]' 'SERVER[fox]'
  if [ "$PEERS" = 1 ] && [ "$HAVE_JAWAMPA" = 1 ] && [ "$gateway" != gateway ]; then
    jws="$(free_port)"
    "${cpu[@]}" java "${SERVER_JVM_FLAGS[@]}" -cp "$JAWAMPA_CP" io.bondy.bench.jawampa.JawampaRouterMain "$jws" \
      >"$RESULTS/jawampa-$tag.log" 2>&1 &
    local jpid=$!; PIDS+=("$jpid")
    SERVER[jawampa]="$jws,$jpid"
  fi
  if [ "$PEERS" = 1 ] && [ "$HAVE_FOX" = 1 ] && [ "$gateway" != gateway ]; then
    fws="$(free_port)"
    "${cpu[@]}" node "$BENCH/fox/router.js" "$fws" >"$RESULTS/fox-$tag.log" 2>&1 &
    local fpid=$!; PIDS+=("$fpid")
    SERVER[fox]="$fws,$fpid"
  fi
  wait_ready bondy "$bpid" "$RESULTS/bondy-$tag.log" "Bondy ready"
  wait_ready echo "$epid" "$RESULTS/echo-$tag.log" "echo ready"
  [ -z "${SERVER[jawampa]:-}" ] || wait_ready jawampa "${SERVER[jawampa]##*,}" "$RESULTS/jawampa-$tag.log" "jawampa ready"
  [ -z "${SERVER[fox]:-}" ] || wait_ready fox "${SERVER[fox]##*,}" "$RESULTS/fox-$tag.log" "fox ready"
  if [ -z "$SERVER_FLAGS_NOTE" ]; then
    SERVER_FLAGS_NOTE="$(jcmd "$bpid" VM.flags 2>/dev/null | tail -n +2 | tr -s ' ' || true)"
  fi
  log "servers up ($tag): bondy ws=$bws raw=$braw${SERVER[bondy_tls]:+ wss,raw+tls=${SERVER[bondy_tls]}} pid=$bpid; echo ws=$ews raw=$eraw${SERVER[echo_http]:+ http=${SERVER[echo_http]}} pid=$epid${SERVER[jawampa]:+; jawampa ${SERVER[jawampa]}}${SERVER[fox]:+; fox ${SERVER[fox]}}"
}

# start_cluster PIN_MODE TAG: three clustered Bondy nodes (the cluster workload)
start_cluster() {
  local pin="$1" tag="$2" cpu=() i peers=() seeds="" ws raw ports=()
  [ "$pin" = on ] && cpu=(taskset -c 0)
  read -r -a ports <<<"$(free_ports 12)" # 3 peer, 3 x (ws, raw), 3 failure-detection ports
  peers=("${ports[0]}" "${ports[1]}" "${ports[2]}")
  seeds="127.0.0.1:${peers[0]},127.0.0.1:${peers[1]},127.0.0.1:${peers[2]}"
  for i in 1 2 3; do
    ws="${ports[$((i * 2 + 1))]}"; raw="${ports[$((i * 2 + 2))]}"
    BONDY_NODENAME="node$i" BONDY_API_GATEWAY_HTTP_PORT="$ws" BONDY_WAMP_TCP_PORT="$raw" BONDY_ADMIN_API_HTTP_PORT=0 \
      BONDY_PLATFORM_DATA_DIR="$RESULTS/bondy-data-$tag-node$i" BONDY_CLUSTER_ENABLED=on \
      BONDY_CLUSTER_NAME="bench-$tag-$$" BONDY_CLUSTER_SECRET="bench-secret" BONDY_CLUSTER_SEEDS="$seeds" \
      BONDY_CLUSTER_PEER_PORT="${peers[$((i - 1))]}" BONDY_CLUSTER_FAILURE_DETECTION_PORT="${ports[$((i + 8))]}" \
      BONDY_ADMIN_PASSWORD="bench-admin" \
      "${cpu[@]}" java "${SERVER_JVM_FLAGS[@]}" -jar "$BONDY_JAR" >"$RESULTS/bondy-$tag-node$i.log" 2>&1 &
    local pid=$!; PIDS+=("$pid")
    if [ "$i" = 1 ]; then SERVER[bondy]="$ws,$raw,$pid"; else SERVER[bondy$i]="$ws,$raw,$pid"; fi
  done
  for i in 1 2 3; do
    local spec="${SERVER[bondy]}"; [ "$i" = 1 ] || spec="${SERVER[bondy$i]}"
    wait_ready "bondy node$i" "${spec##*,}" "$RESULTS/bondy-$tag-node$i.log" "Bondy ready"
    wait_ready "bondy node$i (3 members)" "${spec##*,}" "$RESULTS/bondy-$tag-node$i.log" "view on node$i: .* (3)"
  done
  log "cluster up ($tag): node1 ${SERVER[bondy]}; node2 ${SERVER[bondy2]}; node3 ${SERVER[bondy3]}"
}

stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop after 10 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# run_loadgen PIN_MODE WORKLOAD [extra args...]
run_loadgen() {
  local pin="$1" workload="$2" cpu=() args=()
  shift 2
  [ "$pin" = on ] && cpu=(taskset -c 1)
  args=(--bondy "${SERVER[bondy]}")
  [ -z "${SERVER[echo]:-}" ] || args+=(--echo "${SERVER[echo]}")
  [ -z "${SERVER[echo_http]:-}" ] || args+=(--echo-http "${SERVER[echo_http]}")
  [ -z "${SERVER[bondy2]:-}" ] || args+=(--bondy2 "${SERVER[bondy2]}" --bondy3 "${SERVER[bondy3]}")
  [ -z "${SERVER[jawampa]:-}" ] || args+=(--jawampa "${SERVER[jawampa]}")
  [ -z "${SERVER[fox]:-}" ] || args+=(--fox "${SERVER[fox]}")
  local label="unpinned"
  [ "$pin" = on ] && label="pinned: servers on CPU 0, load generator on CPU 1"
  log "running $workload ($label)"
  if ! "${cpu[@]}" java "${LOADGEN_JVM_FLAGS[@]}" -cp "$BENCH_CP" io.bondy.bench.BenchMain "$workload" $QUICK \
      --label "$label" --out "$REPORT" "${args[@]}" "$@" >"$RESULTS/loadgen-$workload-$pin.log" 2>&1; then
    log "WARNING: the load generator failed for $workload ($label): see $RESULTS/loadgen-$workload-$pin.log"
    printf '### %s (%s)\n\nload generator failed: see loadgen-%s-%s.log\n\n' "$workload" "$label" "$workload" "$pin" >>"$REPORT"
  fi
}

run_jmh() {
  local opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
  # Quick: no fork (one JVM for all), a smoke run only.
  [ -n "$QUICK" ] && opts=(-f 0 -wi 1 -w 300ms -i 2 -r 300ms)
  log "running the JMH micro-benchmarks (${opts[*]})"
  {
    printf '### jmh%s\n\n```\n' "${QUICK:+, quick mode}"
    java -cp "$BENCH_CP" org.openjdk.jmh.Main "${opts[@]}" -foe true -rf text -rff "$RESULTS/jmh-summary.txt" \
      'io.bondy.bench.jmh.*' >"$RESULTS/jmh.log" 2>&1 || { log "JMH failed: see $RESULTS/jmh.log"; echo "JMH failed"; }
    cat "$RESULTS/jmh-summary.txt" 2>/dev/null || true
    printf '```\n\n'
  } >>"$REPORT"
}

# ---------------------------------------------------------------- soak
# Bondy alone, a smaller heap than the benchmarks (a leak shows sooner) and Netty's leak detector on
# (simple: samples about 1 % of buffers and logs "LEAK:"); the load generator asserts, this script checks the log.
SOAK_JVM_FLAGS=(-Xms512m -Xmx512m -XX:+UseG1GC -Dio.netty.leakDetection.level=simple)
run_soak() {
  local ws raw pid log="$RESULTS/bondy-soak.log" rc=0
  read -r ws raw <<<"$(free_ports 2)"
  BONDY_API_GATEWAY_HTTP_PORT="$ws" BONDY_WAMP_TCP_PORT="$raw" BONDY_ADMIN_API_HTTP_PORT=0 \
    BONDY_PLATFORM_DATA_DIR="$RESULTS/bondy-data-soak" \
    java "${SOAK_JVM_FLAGS[@]}" -jar "$BONDY_JAR" >"$log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_ready bondy "$pid" "$log" "Bondy ready"
  log "soak: bondy ws=$ws raw=$raw pid=$pid, ${DURATION:-default} s${QUICK:+ (quick)}; report in $REPORT"
  java "${LOADGEN_JVM_FLAGS[@]}" -cp "$BENCH_CP" io.bondy.bench.BenchMain soak $QUICK ${DURATION:+--duration "$DURATION"} \
    --label "soak" --out "$REPORT" --bondy "$ws,$raw,$pid" >"$RESULTS/loadgen-soak.log" 2>&1 || rc=$?
  stop_servers
  if grep -q "LEAK:" "$log"; then
    log "FAIL: Netty reported a leaked buffer in $log"
    printf '\n**FAIL**: Netty reported a leaked buffer (see bondy-soak.log)\n' >>"$REPORT"
    rc=1
  else
    printf 'Netty leak detector (simple) in the server log: no LEAK report.\n\n' >>"$REPORT"
  fi
  cat "$REPORT"
  if [ "$rc" -ne 0 ]; then
    log "soak FAILED (see $REPORT and $RESULTS/loadgen-soak.log)"
    exit 1
  fi
  log "soak passed; report: $REPORT"
  exit 0
}

# ---------------------------------------------------------------- run
[ "$WORKLOAD" = bridge ] || [ "$WORKLOAD" = propagation ] || build
{
  printf '# Bondy benchmarks, %s%s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "${QUICK:+ (quick mode)}"
  printf -- '- command: `bench/run.sh %s%s --pin %s`\n' "$WORKLOAD" "${QUICK:+ --quick}" "$PIN"
  printf -- '- machine: %s CPU(s), %s, %s RAM; %s\n' "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
    "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)" "$(uname -sr)"
  printf -- '- java: %s\n' "$(java -version 2>&1 | head -1)"
  printf -- '- load average at start (1, 5, 15 min): %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$WORKLOAD" = propagation ]; then
    printf -- '- nodes: three BondyServer instances in one JVM (Maven surefire, bondy-server test classpath)\n'
  elif [ "$WORKLOAD" = soak ]; then
    printf -- '- server JVM flags (Bondy): `%s`\n' "${SOAK_JVM_FLAGS[*]}"
  else
    printf -- '- server JVM flags (Bondy, echo, jawampa): `%s`\n' "${SERVER_JVM_FLAGS[*]}"
  fi
  [ "$WORKLOAD" = propagation ] || printf -- '- load generator JVM flags: `%s`\n' "${LOADGEN_JVM_FLAGS[*]}"
  [ "$WORKLOAD" = soak ] || [ "$WORKLOAD" = bridge ] || [ "$WORKLOAD" = propagation ] || printf -- '- ulimit -n: %s; idle sessions: %s\n' "$FD_LIMIT" "${IDLE_SIZES[*]}"
  [ -z "$FOX_NOTE" ] || printf -- '- %s\n' "$FOX_NOTE"
  printf '\n'
} >"$REPORT"
[ "$WORKLOAD" != soak ] || run_soak

# Runs a benchmark that is a JUnit test of MODULE (enabled by its own environment variables, given as
# NAME=VALUE arguments), which appends its tables to the report; its log goes to $RESULTS/LOG.log. Ends the script.
run_test_benchmark() { # LOG MODULE TEST NAME=VALUE...
  local name="$1" module="$2" test="$3"; shift 3
  if ! (cd "$ROOT" && env "$@" BONDY_BENCH_OUT="$REPORT" \
        mvn -B -q test -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false) \
        >"$RESULTS/$name.log" 2>&1; then
    log "$name benchmark failed: see $RESULTS/$name.log"
    printf '\n**%s benchmark failed** (see %s.log)\n' "$name" "$name" >>"$REPORT"
    cat "$REPORT"
    exit 1
  fi
  cat "$REPORT"
  log "report: $REPORT"
  exit 0
}

# ---------------------------------------------------------------- bridge (Kafka, AMQP, MQTT, NATS)
if [ "$WORKLOAD" = bridge ]; then
  brokers="${BRIDGE_BROKERS:-kafka,amqp,mqtt,nats}"
  if [ -n "$QUICK" ]; then
    events="${BONDY_BENCH_EVENTS:-10000}"; rounds=3; warmup=2; latency=2
  else
    events="${BONDY_BENCH_EVENTS:-100000}"; rounds=5; warmup=3; latency=3
  fi
  log "bridge: $brokers, $events events per round, $rounds rounds; log in $RESULTS/bridge.log"
  run_test_benchmark bridge bondy-bridge BridgeBenchmark BONDY_BENCH_BRIDGE=1 BONDY_BENCH_EVENTS="$events" \
    BONDY_BENCH_ROUNDS="$rounds" BONDY_BENCH_WARMUP="$warmup" BONDY_BENCH_LATENCY_SECONDS="$latency" \
    BONDY_BENCH_BROKERS="$brokers"
fi

# ---------------------------------------------------------------- API spec propagation (3 nodes)
if [ "$WORKLOAD" = propagation ]; then
  loads="${BONDY_BENCH_LOADS:-$([ -n "$QUICK" ] && echo 40 || echo 200)}"
  log "propagation: $loads loads on node 0 of 3; log in $RESULTS/propagation.log"
  run_test_benchmark propagation bondy-server GatewayPropagationBenchmark BONDY_BENCH_PROPAGATION=1 \
    BONDY_BENCH_LOADS="$loads"
fi

for pin in "${PIN_MODES[@]}"; do
  tag="pin-$pin"
  servers_up=0
  for w in "${WORKLOADS[@]}"; do
    case "$w" in
      jmh) ;;
      cluster)
        [ "$servers_up" = 0 ] || { stop_servers; servers_up=0; }
        unset 'SERVER[echo]' 'SERVER[jawampa]' 'SERVER[fox]'
        start_cluster "$pin" "$tag-cluster"
        run_loadgen "$pin" cluster
        stop_servers
        unset 'SERVER[bondy2]' 'SERVER[bondy3]'
        ;;
      gateway)
        [ "$servers_up" = 0 ] || { stop_servers; servers_up=0; }
        start_servers "$pin" "$tag-gateway" gateway
        run_loadgen "$pin" gateway
        stop_servers
        unset 'SERVER[echo_http]'
        ;;
      idle)
        [ "$servers_up" = 0 ] || { stop_servers; servers_up=0; }
        for n in "${IDLE_SIZES[@]}"; do
          start_servers "$pin" "$tag-idle-$n"
          run_loadgen "$pin" idle --sessions "$n"
          stop_servers
        done
        ;;
      *)
        if [ "$servers_up" = 0 ]; then
          start_servers "$pin" "$tag"
          servers_up=1
        fi
        if [ "$w" = tls ]; then
          run_loadgen "$pin" tls --bondy-tls "${SERVER[bondy_tls]}" --tls-ca "$PKI/ca.pem"
          # which TLS implementation served, as Bondy logged it at start
          {
            printf 'Bondy served TLS with (its start-up log, bondy-%s.log):\n\n' "$tag"
            grep -o 'TLS for .* via .*' "$RESULTS/bondy-$tag.log" | sed 's/^/- /' || printf -- '- (no "TLS for" line in the log)\n'
            printf '\n'
          } >>"$REPORT"
        else
          run_loadgen "$pin" "$w"
        fi
        ;;
    esac
  done
  [ "$servers_up" = 0 ] || stop_servers
done
for w in "${WORKLOADS[@]}"; do
  case "$w" in
    jmh) run_jmh ;;
  esac
done
if [ -n "$SERVER_FLAGS_NOTE" ]; then
  printf 'Bondy JVM flags as reported by `jcmd PID VM.flags` (unpinned run first): `%s`\n\n' "$SERVER_FLAGS_NOTE" >>"$REPORT"
fi
cat "$REPORT"
log "report: $REPORT"

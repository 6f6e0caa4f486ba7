#!/usr/bin/env bash
# The benchmark of the order flow: starts a fresh stack on free ports (or drives the running one with
# --running), places orders at fixed rates and with a fixed number of waiting customers, measures
# Kafka's and PostgreSQL's own limits on the same servers, and writes bench/results/<timestamp>/.
#   ./bench.sh [--no-build] [--rates 250,500,1000,1500] [--clients 32] [--duration 20s] ... (--help lists them)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-env.sh

build=1 running=0 args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --running) running=1; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

# The benchmark reads each process's CPU and memory from /proc: say so before minutes of building
# (Benchmark itself says the same when started some other way).
if [ "$(uname -s)" != Linux ] && [[ " ${args[*]-} " != *" --help "* ]]; then
  echo "[bench] The benchmark runs on Linux only: it reads each process's CPU and memory from /proc, which $(uname -s) does not have." >&2
  echo "[bench] ./run-local.sh and ./mvnw verify run here." >&2
  exit 2
fi

if [ "$build" = 1 ] && [[ " ${args[*]-} " != *" --help "* ]]; then
  if [ "$running" = 0 ]; then
    echo "[bench] Building the services (./mvnw install -DskipTests) with $JAVA_HOME ..."
    ./mvnw -q -B -ntp install -DskipTests -pl local-infrastructure,identity-service,order-service,inventory-service,notification-service,analytics-service -am
  else
    ./mvnw -q -B -ntp install -DskipTests -pl local-infrastructure -am
  fi
  echo "[bench] Building the benchmark ..."
  ./mvnw -q -B -ntp -f bench/pom.xml compile
fi
classpath_file=bench/target/bench.classpath
if [ ! -s "$classpath_file" ] || [ bench/pom.xml -nt "$classpath_file" ]; then
  # Written even when unchanged, or it would stay older than the pom and be asked for at every run.
  ./mvnw -q -B -ntp -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.regenerateFile=true
fi

# The driver shares the machine with what it measures, and its CPU is reported with the stack's.
exec java -Xms256m -Xmx1g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=bench-logback.xml \
  -cp "bench/target/classes:$(cat "$classpath_file")" \
  dev.foodorder.bench.Benchmark "${args[@]+"${args[@]}"}"

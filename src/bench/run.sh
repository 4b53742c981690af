#!/usr/bin/env bash
# The benchmark's one command: builds the gateway jar and the benchmark (Maven profile "bench"), then runs it.
# Arguments go to the benchmark: --quick for a ~2 minute smoke run, --help for the rest. Results: docs/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -Pbench package -DskipTests
exec java -Xms256m -Xmx1g -XX:+UseParallelGC -cp target/bench-classes:target/event-gateway.jar \
    dev.eventgateway.bench.BenchMain "$@"

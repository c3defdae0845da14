#!/usr/bin/env bash
# Builds the Neo4j test server jar (tools/neo4j/target/xinlian-neo4j-test-server.jar).
# Idempotent: returns at once when the jar is newer than pom.xml and the Java sources.
# First build downloads neo4j-harness 5.26 from Maven Central into ~/.m2; later
# builds run offline (mvn -o) and fall back to online only if the cache is incomplete.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/xinlian-neo4j-test-server.jar"

if [[ -f "$jar" ]]; then
  newer="$(find "$here/pom.xml" "$here/src" -newer "$jar" -type f -print -quit)"
  if [[ -z "$newer" ]]; then
    exit 0
  fi
fi

command -v mvn >/dev/null || { echo "tools/neo4j/build.sh: Maven (mvn) is missing; install it (Debian: apt-get install -y maven) with a Java 17+ JDK." >&2; exit 1; }
command -v java >/dev/null || { echo "tools/neo4j/build.sh: Java is missing; install a JDK 17+ (Debian: apt-get install -y openjdk-17-jdk-headless)." >&2; exit 1; }

cd "$here"
echo "[tools/neo4j] building the Neo4j test server with Maven …" >&2
log="$here/target/offline-build.log"
mkdir -p "$here/target"
if ! mvn -B -q -o -DskipTests package >"$log" 2>&1; then
  echo "[tools/neo4j] offline build failed (first build? see $log); retrying online" >&2
  mvn -B -q -DskipTests package >&2
fi
[[ -f "$jar" ]] || { echo "tools/neo4j/build.sh: Maven finished but $jar is missing" >&2; exit 1; }

#!/usr/bin/env bash
# Builds the Neo4j test server jar (tools/neo4j/target/xinlian-neo4j-test-server.jar)
# and its class-data-sharing archive (target/xinlian-neo4j-test-server.jsa).
# Idempotent: returns at once when the jar is newer than pom.xml and the Java sources
# and the archive newer than the jar and train/.
# First build downloads neo4j-harness 5.26 from Maven Central into ~/.m2; later
# builds run offline (mvn -o) and fall back to online only if the cache is incomplete.
#
# The archive (JDK dynamic CDS, -XX:ArchiveClassesAtExit) holds the classes a bulk
# import, a Neo4j start and schema creation load, recorded by one training run on the
# tiny files of train/; src/io/neo4j/test-server.ts passes it with -XX:SharedArchiveFile,
# which halves the JVM's class loading at start-up (bench/results-neo4j.md). The JVM
# checks it against the jar and ignores a stale one. A failed training only warns:
# the server runs without the archive.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/xinlian-neo4j-test-server.jar"
jsa="$here/target/xinlian-neo4j-test-server.jsa"

jar_current() {
  [[ -f "$jar" ]] && [[ -z "$(find "$here/pom.xml" "$here/src" -newer "$jar" -type f -print -quit)" ]]
}
archive_current() {
  [[ -f "$jsa" && "$jsa" -nt "$jar" ]] && [[ -z "$(find "$here/train" -newer "$jsa" -type f -print -quit)" ]]
}

if jar_current && archive_current; then
  exit 0
fi

command -v java >/dev/null || { echo "tools/neo4j/build.sh: Java is missing; install a JDK 17+ (Debian: apt-get install -y openjdk-17-jdk-headless)." >&2; exit 1; }
cd "$here"
mkdir -p "$here/target"

if ! jar_current; then
  command -v mvn >/dev/null || { echo "tools/neo4j/build.sh: Maven (mvn) is missing; install it (Debian: apt-get install -y maven) with a Java 17+ JDK." >&2; exit 1; }
  echo "[tools/neo4j] building the Neo4j test server with Maven …" >&2
  log="$here/target/offline-build.log"
  if ! mvn -B -q -o -DskipTests package >"$log" 2>&1; then
    echo "[tools/neo4j] offline build failed (first build? see $log); retrying online" >&2
    mvn -B -q -DskipTests package >&2
  fi
  [[ -f "$jar" ]] || { echo "tools/neo4j/build.sh: Maven finished but $jar is missing" >&2; exit 1; }
fi

# Training run: import train/ (integer ids, typed properties, lists), start Neo4j, create
# its schema (train/constraints.cypher), exit. Same GC as test-server.ts's JVM_DEFAULTS.
echo "[tools/neo4j] recording the class-data-sharing archive …" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$here"/train/* "$tmp/"
printf '%s\n' "--nodes=$tmp/firms.header.csv,$tmp/firms.csv" "--relationships=$tmp/guarantees.header.csv,$tmp/guarantees.csv" \
  --id-type=integer '--array-delimiter=;' --bad-tolerance=0 --strict=true >"$tmp/neo4j-admin-import.args"
mkdir "$tmp/store"
training_log="$here/target/cds-training.log"
if java -XX:+UseParallelGC -XX:ArchiveClassesAtExit="$tmp/archive.jsa" -jar "$jar" --dir "$tmp/store" --import "$tmp" --exit-when-ready >"$training_log" 2>&1 \
    && grep -q '^NEO4J_READY ' "$training_log" && [[ -s "$tmp/archive.jsa" ]]; then
  mv -f "$tmp/archive.jsa" "$jsa"
else
  rm -f "$jsa"
  echo "[tools/neo4j] warning: the class-data-sharing training run failed (see $training_log); the test server runs without the archive (slower start)" >&2
fi

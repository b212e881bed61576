# Sourced by ./lobos, ./mvnw and scripts/test: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME, then the JVM directories Debian and the vendors install into (or the
# directories LOBOS_JDK_SEARCH lists, for tests). POSIX sh: mvnw runs it under /bin/sh.

lobos_java_feature() { # prints the feature release of the JDK in $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/jlink" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

lobos_find_java() {
  local candidate feature
  for candidate in "${JAVA_HOME:-}" ${LOBOS_JDK_SEARCH:-/usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/*}; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    feature=$(lobos_java_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<'MSG'
lobos: no JDK 25 or newer found (looked at $JAVA_HOME and /usr/lib/jvm/*, /opt/java/*,
  /opt/jdk*, /usr/local/lib/jvm/*). lobos and its build need Java 25: install one (for example
  Temurin 25 from https://adoptium.net) and set JAVA_HOME to it.
MSG
  return 1
}

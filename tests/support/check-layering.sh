#!/usr/bin/env bash
# Checks the layering that ARCHITECTURE.md describes: every quoted include names its layer from the
# repository root ("core/…", "ui/…", "app/…", "tests/…"), and each folder includes only itself and
# the folders listed for it below. Prints each violation with its file and line; exits 1 if any.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# folder|what it may include besides itself: everything it may reach, so each list is closed.
# "ui/*" is the rule for every page folder without a rule of its own; "ui" is ui/'s root files.
rules='
core/common|
core/domain|core/common
core/http|core/common
core/net|core/common
core/translate|core/common core/domain core/http
core/upstream|core/common core/domain core/http core/net
core/store|core/common core/domain
core/keys|core/common core/domain core/store
core/usage|core/common core/domain core/store
core/config|core/common core/domain core/net core/store
core/routing|core/common core/domain core/http core/net core/store core/config core/translate
core/limits|core/common core/domain core/http core/net core/store core/config
core/alerts|core/common core/domain core/http core/net core/store core/config
core/providers|core/common core/domain core/http core/net core/store core/config core/translate core/upstream
core/health|core/common core/domain core/http core/net core/store core/config core/translate core/upstream core/providers core/routing
core/services|core/common core/domain core/http core/net core/store core/keys core/config core/translate core/upstream core/providers
core/gateway|core/common core/domain core/http core/net core/store core/keys core/usage core/config core/translate core/upstream core/providers core/routing core/health core/limits core/alerts
ui/theme|core/*
ui/common|core/* ui/theme
ui/*|core/* ui/theme ui/common
ui|core/* ui/*
app/common|core/*
app/cli|core/* app/common
app/gui|core/* ui/* ui app/common
app|core/* ui/* ui app/*
'

find core ui app -name '*.h' -o -name '*.cpp' | LC_ALL=C sort | xargs awk -v rules="$rules" '
function folder(path,   n, p) {
    n = split(path, p, "/")
    return n <= 2 ? p[1] : p[1] "/" p[2]
}
function allowed(from, to,   list, n, a, i) {
    if (from in rule) list = rule[from]
    else if (index(from, "/") && (substr(from, 1, index(from, "/")) "*") in rule)
        list = rule[substr(from, 1, index(from, "/")) "*"]
    else return -1
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) {
        if (a[i] == to) return 1
        if (a[i] ~ /\/\*$/ && index(to, substr(a[i], 1, length(a[i]) - 1)) == 1) return 1
    }
    return 0
}
BEGIN {
    n = split(rules, lines, "\n")
    for (i = 1; i <= n; i++)
        if (lines[i] != "") { split(lines[i], kv, "|"); rule[kv[1]] = kv[2] }
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
    inc = $0
    sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
    if (inc ~ /\.moc$/) next
    from = folder(FILENAME)
    if (inc !~ /^(core|ui|app|tests)\//) {
        printf "%s:%d: \"%s\" does not name its layer (write \"core/…\", \"ui/…\" or \"app/…\")\n", FILENAME, FNR, inc
        bad++; next
    }
    to = folder(inc)
    if (to == from) next
    ok = allowed(from, to)
    if (ok < 0) {
        if (!(from in reported)) printf "%s: folder %s has no rule in tests/support/check-layering.sh (add one, and to ARCHITECTURE.md)\n", FILENAME, from
        reported[from] = 1; bad++
    } else if (!ok) {
        printf "%s:%d: %s may not include %s (see ARCHITECTURE.md, \"Layers\")\n", FILENAME, FNR, from, inc
        bad++
    }
}
END {
    if (bad) { printf "%d layering violation(s).\n", bad; exit 1 }
    print "Layering holds."
}'

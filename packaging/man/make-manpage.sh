#!/bin/sh
# Writes the llmux(1) manual page from the help texts the binary itself prints, so the page never
# drifts from the program: the top-level usage names the commands, each command's usage names its
# subcommands (and so on down), and every --help becomes a subsection. Run at build time by
# Packaging.cmake; needs only sh, sed and awk.
#   make-manpage.sh LLMUX_BINARY OUTFILE
# The binary runs with a throwaway data folder and no session bus, so it never touches a user's
# configuration or keychain.
set -eu

fail() {
  echo "make-manpage.sh: $*" >&2
  exit 1
}

[ $# -eq 2 ] || fail "usage: make-manpage.sh LLMUX_BINARY OUTFILE"
bin=$1
out=$2
[ -x "$bin" ] || fail "$bin is not an executable"

work=$(mktemp -d "${TMPDIR:-/tmp}/llmux-man.XXXXXX") || fail "cannot create a temporary folder"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/data" "$work/xdg-data" "$work/xdg-config" "$work/xdg-cache" "$work/runtime"
chmod 700 "$work/runtime"
LLMUX_DATA_DIR=$work/data
XDG_DATA_HOME=$work/xdg-data
XDG_CONFIG_HOME=$work/xdg-config
XDG_CACHE_HOME=$work/xdg-cache
XDG_RUNTIME_DIR=$work/runtime
DBUS_SESSION_BUS_ADDRESS=unix:path=$work/no-bus
QT_QPA_PLATFORM=offscreen
LC_ALL=C
# In a sanitizer build, leaks reported at exit must not fail the page.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export LLMUX_DATA_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR \
  DBUS_SESSION_BUS_ADDRESS QT_QPA_PLATFORM LC_ALL ASAN_OPTIONS
unset DISPLAY WAYLAND_DISPLAY

# A hung binary must not hang the build.
limit=""
if command -v timeout >/dev/null 2>&1; then
  limit="timeout 30"
fi

version=$($limit "$bin" --version </dev/null 2>/dev/null | awk 'NR == 1 { print $NF }') || true
[ -n "$version" ] || fail "$bin --version printed no version"

# help FILE WORDS...: the help of `llmux WORDS... --help` into FILE; false unless it exits 0.
help() {
  file=$1
  shift
  # shellcheck disable=SC2086 # $limit is empty or "timeout 30"
  $limit "$bin" "$@" --help </dev/null >"$file" 2>"$work/stderr" && [ -s "$file" ]
}

# subcommands FILE PREFIX: the words that follow "llmux PREFIX " in FILE's usage lines, e.g. add
# from "llmux provider add NAME ...", each with "sure" or "maybe". Words after a " | " are "maybe":
# the alternatives of "llmux provider list | remove NAME" are provider commands, but those of
# "llmux settings [list] | set KEY VALUE" (in the top-level usage) are not top-level commands.
# Only lowercase words count: placeholders (NAME), options (--x) and ellipses are not commands.
subcommands() {
  awk -v prefix="llmux${2:+ $2}" '
    function add(w, sure) {
      gsub(/^\[|\]$/, "", w)                   # "[list]"
      if (w !~ /^[a-z][a-z0-9-]*$/) return
      if (!(w in kind)) order[++n] = w
      if (sure || !(w in kind)) kind[w] = sure ? "sure" : "maybe"
    }
    NR == 1 { sub(/^Usage: +/, "") }
    /^[A-Z][A-Za-z ]*:$/ { exit }                 # "Options:" and what follows
    {
      sub(/^ +/, "")
      if (index($0, prefix " ") != 1) next
      rest = substr($0, length(prefix) + 2)
      sub(/   .*/, "", rest)                      # a trailing comment: "   open the desktop app"
      m = split(rest, alternatives, / \| /)
      for (i = 1; i <= m; i++) {
        split(alternatives[i], words, " ")
        k = split(words[1], names, "|")           # "add|set|list" in the top-level usage
        for (j = 1; j <= k; j++) add(names[j], i == 1)
      }
    }
    END { for (i = 1; i <= n; i++) print order[i], kind[order[i]] }' "$1"
}

# Walks the command tree. Each entry of the queue is "KEY<tab>PATH": the command path ("provider
# key") and a key that sorts a command before its subcommands ("002.003"). A help text identical
# to its parent's (settings set prints the settings usage) adds nothing and is left out.
tab=$(printf '\t')
help "$work/help.0" || fail "$bin --help failed: $(cat "$work/stderr")"
: >"$work/paths"
printf '\t\n' >"$work/queue"
count=0
while [ -s "$work/queue" ]; do
  IFS=$tab read -r parent_key parent <"$work/queue" || true
  sed 1d "$work/queue" >"$work/queue.next"
  mv "$work/queue.next" "$work/queue"
  parent_file=$(awk -F "$tab" -v p="$parent" '$2 == p { print $3 }' "$work/paths")
  [ -n "$parent_file" ] || parent_file=$work/help.0
  subcommands "$parent_file" "$parent" >"$work/found"
  index=0
  while read -r word certainty; do
    path=${parent:+$parent }$word
    count=$((count + 1))
    [ $count -le 200 ] || fail "more than 200 commands: is the usage text parsed wrongly?"
    file=$work/help.$count
    # shellcheck disable=SC2086 # the path's words are separate arguments
    if ! help "$file" $path; then
      [ "$certainty" = maybe ] && continue
      fail "'llmux $path --help' failed: $(cat "$work/stderr")"
    fi
    cmp -s "$file" "$parent_file" && continue
    index=$((index + 1))
    key=${parent_key:+$parent_key.}$(printf '%03d' $index)
    printf '%s\t%s\t%s\n' "$key" "$path" "$file" >>"$work/paths"
    # Three levels (llmux provider key add) are what exists; deeper would be a parsing error.
    case $path in
      *" "*" "*) ;;
      *) printf '%s\t%s\n' "$key" "$path" >>"$work/queue" ;;
    esac
  done <"$work/found"
done
[ -s "$work/paths" ] || fail "found no commands in the usage of $bin --help"

# One stream for awk: the top-level help, then each command's help after a "\001PATH" line, in
# the order the usage names them, a command before its subcommands.
{
  cat "$work/help.0"
  sort -t "$tab" -k1,1 "$work/paths" | while IFS=$tab read -r _ path file; do
    printf '\001%s\n' "$path"
    cat "$file"
  done
} >"$work/all"

# The source date: SOURCE_DATE_EPOCH for reproducible builds, else today.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d) || fail "SOURCE_DATE_EPOCH is not a number of seconds"
else
  date=$(date -u +%Y-%m-%d)
fi

awk -v version="$version" -v date="$date" '
# Troff-safe text: backslashes as \e, every hyphen as \-, and a leading dot or apostrophe
# (which would start a request) guarded by \&.
function esc(s,   r, c, i) {
  r = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "\\") r = r "\\e"
    else if (c == "-") r = r "\\-"
    else r = r c
  }
  if (r ~ /^[.\047]/) r = "\\&" r
  return r
}
# "--kind <KIND>" or "-h, --help" as a bold option with an italic value.
function optiontag(spec,   parts, n, i, r, name, value) {
  n = split(spec, parts, /, /)
  r = ""
  for (i = 1; i <= n; i++) {
    name = parts[i]; value = ""
    if (match(name, / <.*>$/)) {
      value = substr(name, RSTART + 2, RLENGTH - 3)
      name = substr(name, 1, RSTART - 1)
    }
    r = r (i > 1 ? ", " : "") "\\fB" esc(name) "\\fR" (value != "" ? " \\fI" esc(value) "\\fR" : "")
  }
  return r
}
function startswith(s, p) { return s == p || index(s, p " ") == 1 }
function quoted(s) { gsub(/"/, "\\(dq", s); return "\"" s "\"" }

# Splits one help text (lines[first..last]) into its usage lines, its other text and its
# option items, which the emit functions print.
function parse(first, last,   i, line, section, item) {
  nusage = 0; ntext = 0; nitems = 0; section = "usage"
  for (i = first; i <= last; i++) {
    line = lines[i]
    if (i == first) { sub(/^Usage: +/, "", line); usage[++nusage] = line; continue }
    if (section == "usage" && line ~ /^ +llmux /) { sub(/^ +/, "", line); usage[++nusage] = line; continue }
    if (line ~ /^[A-Z][A-Za-z ]*:$/) { section = "items"; continue }
    if (section != "items") { section = "text"; text[++ntext] = line; continue }
    if (line ~ /^  [^ ]/) {
      sub(/^  /, "", line)
      item = ++nitems
      tag[item] = line; desc[item] = ""
      if (match(line, /   */)) {
        tag[item] = substr(line, 1, RSTART - 1)
        desc[item] = substr(line, RSTART + RLENGTH)
      }
    } else if (line ~ /^ +[^ ]/ && nitems > 0) {
      sub(/^ +/, "", line)
      desc[nitems] = desc[nitems] (desc[nitems] == "" ? "" : " ") line
    }
  }
}
# The usage lines as synopses: "llmux" bold, the rest hanging after it. A trailing comment
# ("   open the desktop app") is left out. Under "llmux provider add" only the lines of that
# command are shown when there are any (its usage text covers every provider command).
function emitusage(own,   i, u, mine) {
  mine = 0
  for (i = 1; i <= nusage; i++) if (own != "" && startswith(usage[i], own)) mine++
  for (i = 1; i <= nusage; i++) {
    u = usage[i]
    if (mine && !startswith(u, own)) continue
    sub(/   .*/, "", u)
    sub(/^llmux */, "", u)
    print ".SY llmux"
    if (u != "") print esc(u)
    print ".YS"
  }
}
# The text between usage and options, blank lines separating paragraphs.
function emittext(   i, open, t) {
  open = 0
  for (i = 1; i <= ntext; i++) {
    if (text[i] ~ /^ *$/) { open = 0; continue }
    if (!open) { print ".PP"; open = 1 }
    t = text[i]; sub(/^ +/, "", t)
    print esc(t)
  }
}
function emititems(skipcommon,   i, first) {
  first = 1
  for (i = 1; i <= nitems; i++) {
    if (skipcommon && (tag[i] in common)) continue
    if (first) { print ".PP"; first = 0 }       # resets the indentation .SY leaves behind
    print ".TP"
    print optiontag(tag[i])
    print esc(desc[i])
  }
}

{ lines[++n] = $0 }
/^\001/ { starts[++ncommands] = n }

END {
  # Options every command has (--help, --data-dir) are described once, under OPTIONS.
  for (c = 1; c <= ncommands; c++) {
    last = (c < ncommands ? starts[c + 1] - 1 : n)
    parse(starts[c] + 1, last)
    if (nitems == 0) continue
    withoptions++
    for (i = 1; i <= nitems; i++) seen[tag[i]]++
  }
  for (t in seen) if (seen[t] == withoptions) common[t] = 1

  print ".\\\" Generated by packaging/man/make-manpage.sh from the help texts of llmux " version "."
  print ".\\\" Do not edit: change the help texts in app/ and rebuild."
  print ".TH LLMUX 1 " quoted(date) " " quoted("LLMux " version) " " quoted("User Commands")
  # Option names and URLs read better unhyphenated and ragged right (the man macros turn
  # hyphenation back on at each paragraph from the HY register, so .nh alone is not enough).
  print ".nr HY 0"
  print ".hy 0"
  print ".ad l"
  print ".SH NAME"
  print "llmux \\- local gateway between LLM clients and LLM providers"
  print ".SH SYNOPSIS"
  parse(1, starts[1] - 1)
  emitusage("")
  top_text_n = ntext
  for (i = 1; i <= ntext; i++) top_text[i] = text[i]

  print ".SH DESCRIPTION"
  print "LLMux runs an OpenAI\\-compatible and Anthropic\\-compatible HTTP server on"
  print "127.0.0.1 (port 5569 by default). Clients such as SDKs, editors and coding"
  print "agents send their requests there with a gateway key; LLMux forwards each"
  print "request to the provider configured for the requested model (OpenAI,"
  print "Anthropic, Google Gemini, Azure OpenAI or any OpenAI\\-compatible API),"
  print "translating between the OpenAI, Anthropic and Gemini formats when client and"
  print "provider differ, streams the answer back and records every request with its"
  print "tokens and cost."
  print ".PP"
  print "Without a command, \\fBllmux\\fR opens the desktop application (a window and a"
  print "tray icon) that runs the gateway. With a command it is the command\\-line"
  print "interface to the same configuration: \\fBllmux serve\\fR runs the gateway"
  print "without a window; the other commands change what it serves. A running"
  print "gateway applies changes within a second."
  print ".PP"
  print "Provider API keys are stored in the desktop keychain (the Secret Service,"
  print "e.g. GNOME Keyring or KWallet), or read from environment variables; never in"
  print "the database or the logs."
  for (i = 1; i <= top_text_n; i++) text[i] = top_text[i]
  ntext = top_text_n
  emittext()

  print ".SH OPTIONS"
  print "These options are accepted by every command:"
  for (c = 1; c <= ncommands; c++) {
    last = (c < ncommands ? starts[c + 1] - 1 : n)
    parse(starts[c] + 1, last)
    if (nitems == 0) continue
    for (i = 1; i <= nitems; i++) {
      if (!(tag[i] in common)) continue
      print ".TP"
      print optiontag(tag[i])
      print esc(desc[i])
    }
    break
  }

  print ".SH COMMANDS"
  for (c = 1; c <= ncommands; c++) {
    path = substr(lines[starts[c]], 2)
    last = (c < ncommands ? starts[c + 1] - 1 : n)
    parse(starts[c] + 1, last)
    print ".SS " quoted(esc("llmux " path))
    emitusage("llmux " path)
    emittext()
    emititems(1)
  }

  print ".SH ENVIRONMENT"
  print ".TP"
  print ".B LLMUX_DATA_DIR"
  print "The data folder, when \\fB\\-\\-data\\-dir\\fR is not given."
  print ".TP"
  print ".B XDG_DATA_HOME"
  print "Where the default data folder lives (\\fI$XDG_DATA_HOME/LLMux\\fR)."
  print ".TP"
  print ".B DBUS_SESSION_BUS_ADDRESS"
  print "The session bus on which the keychain (Secret Service) is reached."
  print ".TP"
  print "\\fBhttp_proxy\\fR, \\fBhttps_proxy\\fR, \\fBno_proxy\\fR"
  print "Used for providers whose proxy is set to \\fBsystem\\fR."
  print ".TP"
  print ".B QT_LOGGING_RULES"
  print "More logging, e.g. \\fBllmux.translate.debug=true\\fR shows the fields dropped"
  print "when translating between formats."
  print ".PP"
  print "A provider added with \\fB\\-\\-api\\-key\\-env\\fR \\fIVAR\\fR reads its API key from"
  print "the variable \\fIVAR\\fR in the environment of the process that runs the gateway."

  print ".SH FILES"
  print ".TP"
  print ".I ~/.local/share/LLMux/"
  print "The default data folder (\\fI$XDG_DATA_HOME/LLMux\\fR)."
  print ".TP"
  print ".I ~/.local/share/LLMux/llmux.sqlite"
  print "Providers, models, routes, gateway keys (as hashes), settings, the request log"
  print "and health checks."
  print ".TP"
  print ".I ~/.local/share/LLMux/gateway.json"
  print "Address and process id of the running gateway, read by \\fBllmux status\\fR."
  print ".TP"
  print ".I ~/.config/LLMux/LLMux.conf"
  print "Desktop application state that is not configuration."
  print ".TP"
  print ".I ~/.config/autostart/llmux.desktop"
  print "Present when the desktop application starts with the session."
  print ".TP"
  print ".I /usr/lib/systemd/user/llmux.service"
  print "A systemd user unit that runs \\fBllmux serve\\fR:"
  print "\\fBsystemctl \\-\\-user enable \\-\\-now llmux.service\\fR."

  print ".SH EXIT STATUS"
  print ".TP"
  print ".B 0"
  print "Success."
  print ".TP"
  print ".B 1"
  print "The command failed; the reason is printed on standard error. \\fBllmux health\\fR"
  print "also exits with 1 when a provider has no working key."
  print ".TP"
  print ".B 2"
  print "The command line was wrong (unknown command or option, missing argument)."

  print ".SH SEE ALSO"
  print ".BR systemctl (1),"
  print ".BR systemd.unit (5),"
  print ".BR secret\\-tool (1)"
  print ".PP"
  print "https://github.com/llmux/llmux"
}' "$work/all" >"$work/llmux.1" || fail "awk failed to write the page"

mkdir -p "$(dirname "$out")" || fail "cannot create the folder of $out"
mv -f "$work/llmux.1" "$out" || fail "cannot write $out"

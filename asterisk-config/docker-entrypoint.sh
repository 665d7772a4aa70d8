#!/bin/sh
# Renders the Asterisk configuration templates, then starts Asterisk.
#
# The directory asterisk-config/ is mounted read-only at $TEMPLATE_DIR. Every
# *.conf in it is copied to /etc/asterisk with placeholders filled from the
# container's environment (set in docker-compose.yml / .env). No secret is ever
# stored in git: the committed files only hold placeholders such as
# ${ARI_PASSWORD}.
#
# Rules (kept deliberately small, see asterisk-config/README.md):
#   ${NAME}  is replaced only when NAME starts with ARI_, SIP_ or TRUNK_, so
#            dialplan variables such as ${EXTEN} or ${STASISSTATUS} are left
#            alone. ";" in a value is written as "\;" (Asterisk comment char).
#   A line whose placeholder is empty is commented out (optional settings such
#            as SIP_EXTERNAL_ADDRESS).
#   ";@if NAME <line>" keeps <line> only when NAME is set and not no/false/0.
#   SIP_OPUS=yes offers opus to the operators' phones, only when this image
#            ships codec_opus (checked below: otherwise it is switched off with
#            a warning, since Asterisk could not convert opus to the A-law trunk).
#   Comment lines are never substituted, so secrets never land in comments.
#   Required: ARI_USERNAME, ARI_APP, and every *_PASSWORD a template uses
#            (except TRUNK_PASSWORD, chosen by the telecom operator): at least
#            12 characters and not a CHANGE_ME placeholder. Missing or weak
#            values stop the container instead of starting a guessable PBX.
#
# Then it hands over to the image's own entrypoint (andrius/asterisk adapts the
# asterisk user's uid/gid to PUID/PGID) or runs the command directly.
set -eu

TEMPLATE_DIR="${ASTERISK_TEMPLATE_DIR:-/etc/asterisk-templates}"
CONF_DIR="${ASTERISK_CONF_DIR:-/etc/asterisk}"
RUN_UID="${PUID:-1000}"
RUN_GID="${PGID:-1000}"
VOLUME_DIRS="${ASTERISK_VOLUME_DIRS-/var/spool/asterisk/recording /var/spool/asterisk/recording/fallback /var/lib/asterisk/astdb /var/log/asterisk /var/log/asterisk/cdr-csv}"

log() { echo "[render-config] $*" >&2; }
truthy() { case "$(echo "${1:-}" | tr 'A-Z' 'a-z')" in '' | no | false | 0 | off) return 1 ;; *) return 0 ;; esac; }

# Opus only where Asterisk can transcode it: codec_opus is not part of every build.
MODULES_DIR="${ASTERISK_MODULES_DIR:-/usr/lib/asterisk/modules}"
if truthy "${SIP_OPUS:-}"; then
  if [ -f "$MODULES_DIR/codec_opus.so" ]; then
    log "SIP_OPUS: opus offered to operator phones (codec_opus.so found)"
  else
    log "WARNING: SIP_OPUS is set but $MODULES_DIR/codec_opus.so is missing: opus is NOT offered (A-law, μ-law, G.722 only)"
    SIP_OPUS=no
  fi
fi
export SIP_OPUS="${SIP_OPUS:-no}"

[ -d "$TEMPLATE_DIR" ] || { log "template directory $TEMPLATE_DIR is missing"; exit 1; }
ls "$TEMPLATE_DIR"/*.conf >/dev/null 2>&1 || { log "no *.conf in $TEMPLATE_DIR"; exit 1; }

render() {
  awk '
    function truthy(v) { v = tolower(v); return v != "" && v != "no" && v != "false" && v != "0" && v != "off" }
    function fail(msg) { printf("[render-config] %s:%d: %s\n", FILENAME, FNR, msg) > "/dev/stderr"; bad = 1 }
    function check(name, val) {
      if (index(val, "\n") || index(val, "\r")) { fail(name " contains a line break"); return }
      if (name ~ /^(ARI_USERNAME|ARI_APP)$/) {
        if (val == "") fail(name " is required")
        else if (val !~ /^[A-Za-z0-9_.-]+$/) fail(name " may only contain A-Z a-z 0-9 _ . -")
      } else if (name ~ /_PASSWORD$/ && name != "TRUNK_PASSWORD") {
        if (val == "") fail(name " is required (set it in .env)")
        else if (length(val) < 12) fail(name " is too short (12 characters minimum)")
        else if (tolower(val) ~ /^change/) fail(name " still holds the example value")
      }
    }
    {
      line = $0
      if (line ~ /^;@if [A-Z][A-Z0-9_]* /) {
        split(line, w, " ")
        if (!truthy(ENVIRON[w[2]])) { print; next }
        line = substr(line, length(w[1]) + length(w[2]) + 3)
      } else if (line ~ /^[ \t]*;/) { print; next }
      out = ""; empty = ""; src = line
      while (match(line, /\$\{[A-Z][A-Z0-9_]*\}/)) {
        name = substr(line, RSTART + 2, RLENGTH - 3)
        if (name ~ /^(ARI|SIP|TRUNK)_/) {
          val = ENVIRON[name]
          check(name, val)
          if (val == "") empty = empty " " name
          gsub(/;/, "\\;", val)
          out = out substr(line, 1, RSTART - 1) val
        } else {
          out = out substr(line, 1, RSTART + RLENGTH - 1)
        }
        line = substr(line, RSTART + RLENGTH)
      }
      out = out line
      if (empty != "") print "; [unset:" empty "] " src
      else print out
    }
    END { exit bad }
  ' "$1"
}

# Start from an empty /etc/asterisk: the image ships the full sample set (demo
# dialplans, AEL samples...), which must not be loaded next to ours.
mkdir -p "$CONF_DIR"
find "$CONF_DIR" -maxdepth 1 -type f -delete

status=0
for src in "$TEMPLATE_DIR"/*.conf; do
  dst="$CONF_DIR/$(basename "$src")"
  if render "$src" > "$dst.tmp"; then
    mv "$dst.tmp" "$dst"
  else
    rm -f "$dst.tmp"; status=1
  fi
done
[ "$status" -eq 0 ] || { log "configuration NOT rendered; fix the variables above"; exit 1; }

# Rendered files hold secrets: readable by the asterisk group only.
chmod 0640 "$CONF_DIR"/*.conf
if [ "$(id -u)" = "0" ]; then
  chown "0:$RUN_GID" "$CONF_DIR"/*.conf
  # Mounted volumes start root-owned: make the ones Asterisk writes its own.
  # (cdr_csv does not create its directory; the ARI recording directory must
  # exist for recordings named with sub-directories; FILE() does not create the
  # fallback's directory for its manifests.)
  for d in $VOLUME_DIRS; do
    mkdir -p "$d" && chown "$RUN_UID:$RUN_GID" "$d"
  done
fi
log "rendered $(ls "$CONF_DIR"/*.conf | wc -l) files from $TEMPLATE_DIR"

if [ "$#" -eq 0 ]; then
  set -- /usr/sbin/asterisk -f -n -U asterisk -G asterisk -vvv
fi
if [ -x /usr/local/bin/entrypoint.sh ]; then
  exec /usr/local/bin/entrypoint.sh "$@"
fi
exec "$@"

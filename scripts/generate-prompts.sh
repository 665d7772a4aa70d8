#!/usr/bin/env bash
# Generates the default Vietnamese IVR prompts offline, with espeak-ng and sox.
#
#   scripts/generate-prompts.sh [--missing-only] [OUT_DIR [MOH_DIR]]
#     OUT_DIR  prompts, default prompts/vi  (mounted at /var/lib/asterisk/sounds/vi)
#     MOH_DIR  hold music, default prompts/moh (mounted at /var/lib/asterisk/moh);
#              "-" skips the hold music
#     --missing-only  only create files that do not exist yet (used by the
#              "prompts" service of docker-compose.yml, so prompts recorded by
#              a speaker under the same name are never overwritten)
#   Environment: PROMPTS_TSV (default scripts/prompts.vi.tsv), ESPEAK_VOICE (vi;
#   also vi-vn-x-central, vi-vn-x-south), ESPEAK_SPEED (words/min, default 150).
#
# Output: 8 kHz, mono, 16-bit signed WAV, which Asterisk's format_wav plays
# without transcoding (slin). Idempotent: every file is rebuilt in a temporary
# directory and only replaces the existing one when the audio differs; files
# that are not listed in the TSV are left alone. A human voice sounds far
# better than synthesis: record WAVs of the same names and format (see
# prompts/README.md) and keep them out of reach of a plain rerun.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tsv="${PROMPTS_TSV:-$here/prompts.vi.tsv}"
missing_only=0
if [[ "${1:-}" == "--missing-only" ]]; then missing_only=1; shift; fi
case "${1:-}" in -*) echo "usage: $0 [--missing-only] [OUT_DIR [MOH_DIR]]" >&2; exit 2 ;; esac
out_dir="${1:-$root/prompts/vi}"
moh_dir="${2:-$root/prompts/moh}"
voice="${ESPEAK_VOICE:-vi}"
speed="${ESPEAK_SPEED:-150}"

missing=()
for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "error: missing ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get install espeak-ng sox" >&2
  exit 1
fi
if ! espeak-ng --voices="$voice" | awk 'NR > 1 { found = 1 } END { exit !found }'; then
  echo "error: espeak-ng has no voice '$voice' (try: espeak-ng --voices=vi)" >&2
  exit 1
fi
[[ -r "$tsv" ]] || { echo "error: cannot read $tsv" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

created=0 updated=0 unchanged=0 kept=0

# exists_keep <dest> <label>: with --missing-only, an existing file is kept as is.
exists_keep() {
  if ((missing_only)) && [[ -f "$1" ]]; then
    kept=$((kept + 1)); printf '  %-9s %s\n' kept "$2"; return 0
  fi
  return 1
}

# install_file <new> <dest> <label>: move in place unless identical.
install_file() {
  local new="$1" dest="$2" label="$3" state
  mkdir -p "$(dirname "$dest")"
  if [[ -f "$dest" ]] && cmp -s "$new" "$dest"; then
    state=unchanged; unchanged=$((unchanged + 1))
  elif [[ -f "$dest" ]]; then
    mv "$new" "$dest"; state=updated; updated=$((updated + 1))
  else
    mv "$new" "$dest"; state=created; created=$((created + 1))
  fi
  printf '  %-9s %-28s %6.2f s  %s\n' "$state" "$label" "$(soxi -D "$dest")" "$(soxi -r "$dest") Hz/$(soxi -c "$dest") ch/$(soxi -b "$dest") bit"
}

# sox -R: repeatable output (fixed dither seed), so reruns give identical files.
to_asterisk_wav() { # <in> <out> [extra sox effects...]
  local in="$1" out="$2"; shift 2
  sox -R "$in" -t wav -r 8000 -c 1 -b 16 -e signed-integer "$out" "$@"
}

echo "Prompts: $tsv -> $out_dir (voice $voice, $speed wpm)"
line_no=0
declare -A seen=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line_no=$((line_no + 1))
  line="${line%$'\r'}"
  [[ -z "${line// /}" || "$line" == \#* ]] && continue
  if [[ "$line" != *$'\t'* ]]; then
    echo "error: $tsv:$line_no: expected <name><TAB><text>" >&2; exit 1
  fi
  name="${line%%$'\t'*}"
  text="${line#*$'\t'}"
  if [[ ! "$name" =~ ^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$ ]]; then
    echo "error: $tsv:$line_no: bad prompt name '$name'" >&2; exit 1
  fi
  [[ -n "${seen[$name]:-}" ]] && { echo "error: $tsv:$line_no: duplicate name '$name'" >&2; exit 1; }
  seen[$name]=1
  [[ -n "${text// /}" ]] || { echo "error: $tsv:$line_no: empty text for '$name'" >&2; exit 1; }

  exists_keep "$out_dir/$name.wav" "$name" && continue

  slug="${name//\//__}"
  printf '%s\n' "$text" > "$work/$slug.txt"
  espeak-ng -v "$voice" -s "$speed" -b 1 -f "$work/$slug.txt" -w "$work/$slug.raw.wav"
  # Number fragments are chained by Asterisk ("hai mươi" + "một"): keep them tight.
  if [[ "$name" == digits/* ]]; then pad=(pad 0.02 0.06); else pad=(pad 0.15 0.3); fi
  # Headroom, telephone band, leading/trailing silence trimmed, -3 dBFS peak.
  to_asterisk_wav "$work/$slug.raw.wav" "$work/$slug.wav" gain -6 highpass 120 lowpass 3400 \
    silence 1 0.02 0.3% reverse silence 1 0.02 0.3% reverse norm -3 "${pad[@]}"
  install_file "$work/$slug.wav" "$out_dir/$name.wav" "$name"
done < "$tsv"

if [[ "$moh_dir" != "-" ]] && ! exists_keep "$moh_dir/default-tune.wav" "moh/default-tune"; then
  echo "Hold music -> $moh_dir (synthesised, royalty-free)"
  # A calm pentatonic phrase of plucked notes, quieter than speech; Asterisk
  # loops the file.
  notes=(E4 G4 A4 C5 D5 C5 A4 G4  E4 G4 A4 G4 E4 D4 E4 -  A4 C5 D5 E5 D5 C5 A4 G4  A4 G4 E4 D4 E4 - - -)
  parts=()
  i=0
  for note in "${notes[@]}"; do
    i=$((i + 1)); part="$work/moh-$(printf '%03d' "$i").wav"
    if [[ "$note" == "-" ]]; then
      sox -R -n -r 8000 -c 1 -b 16 "$part" trim 0 0.45
    else
      sox -R -n -r 8000 -c 1 -b 16 "$part" synth 0.45 pluck "$note" fade q 0.01 0.45 0.2
    fi
    parts+=("$part")
  done
  sox -R "${parts[@]}" "$work/moh-joined.wav"
  to_asterisk_wav "$work/moh-joined.wav" "$work/moh.wav" lowpass 3000 reverb 30 norm -12
  install_file "$work/moh.wav" "$moh_dir/default-tune.wav" "moh/default-tune"
fi

echo "Done: $created created, $updated updated, $unchanged unchanged, $kept kept."

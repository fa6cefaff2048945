#!/usr/bin/env bash
# FFmpeg-side composite benchmark for a many-core and/or NVIDIA machine (no Node or Chromium
# needed there). Prepare the inputs with `node bench/gpu-composite-prep.mjs --out DIR` first.
#
# Usage: bash bench/gpu-composite.sh DIR [REPEAT]
#   DIR    the prep's output: <case>.args (NUL-separated argument lists of buildCompositeCommand),
#          the caption streams <stream>.mkv (or <stream>.mkv.xz), prep.json, and optionally
#          ffmpeg-bundle.tar.xz (bin/ffmpeg, bin/ffprobe, lib/, glibc/: an FFmpeg with its shared
#          libraries, for a machine that has none); without it ffmpeg/ffprobe come from PATH.
#   REPEAT runs of each timed case (default 2).
# Env: GC_WORK   scratch folder; must equal the prep's --work (default /tmp/gc): source and outputs.
#      GC_REPORT where table.md and logs.tar.gz are written (default $GC_WORK).
#      GC_ONLY   a grep -E pattern: run only the cases whose label matches.
#
# Each case: the caption stream is fed on stdin from a file (as fast as FFmpeg reads it, so this
# measures FFmpeg alone, not capture), wall time from start to exit, fps = source frames / wall,
# and the output's video frame count (ffprobe -count_packets) checked against the source's.
# "@2cores" cases run the unchanged command under `taskset -c 0,1`; "-t2" cases are the command
# with -threads 2 on the decoder and the encoder and -filter_threads 2.
set -u
dir=$(cd "$1" && pwd)
repeat=${2:-2}
work=${GC_WORK:-/tmp/gc}
report=${GC_REPORT:-$work}
only=${GC_ONLY:-.}
mkdir -p "$work" "$report" "$work/logs"

unxz_stdout() {
  if command -v xz >/dev/null; then
    xz -dc "$1"
  else
    python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"
  fi
}

# --- FFmpeg -----------------------------------------------------------------------------------
if [ -f "$dir/ffmpeg-bundle.tar.xz" ]; then
  b=$work/ffmpeg
  rm -rf "$b" && mkdir -p "$b" && unxz_stdout "$dir/ffmpeg-bundle.tar.xz" | tar -x -C "$b"
  libc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
  driver_path=${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  # The bundle's libraries need glibc >= 2.36 (Debian 12); older systems get the bundled loader.
  if [ -n "$libc" ] && [ "$(printf '%s\n2.36\n' "$libc" | sort -V | head -1)" = 2.36 ]; then
    loader="system glibc $libc"
    ffmpeg=(env "LD_LIBRARY_PATH=$b/lib$driver_path" "$b/bin/ffmpeg")
    ffprobe=(env "LD_LIBRARY_PATH=$b/lib$driver_path" "$b/bin/ffprobe")
  else
    loader="bundled glibc (system: ${libc:-unknown})"
    ld=("$b/glibc/ld-linux-x86-64.so.2" --library-path "$b/lib:$b/glibc$driver_path")
    ffmpeg=("${ld[@]}" "$b/bin/ffmpeg")
    ffprobe=("${ld[@]}" "$b/bin/ffprobe")
  fi
else
  loader="ffmpeg from PATH"
  ffmpeg=(ffmpeg)
  ffprobe=(ffprobe)
fi

for stream in "$dir"/*.mkv.xz; do
  [ -e "$stream" ] && unxz_stdout "$stream" >"$work/$(basename "$stream" .xz)"
done
for stream in "$dir"/*.mkv; do
  [ -e "$stream" ] && cp "$stream" "$work/"
done
cat "$work"/*.mkv >/dev/null # into the page cache

expected=$(sed -n 's/.*"frames": *\([0-9]*\).*/\1/p' "$dir/prep.json")
frames_of() {
  "${ffprobe[@]}" -v error -select_streams v:0 -count_packets \
    -show_entries stream=nb_read_packets -of csv=p=0 "$1" 2>/dev/null
}
args_of() { mapfile -d '' ARGS <"$dir/$1.args"; }

table=$report/table.md
{
  echo "Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g 2>/dev/null | awk '/^Mem:/{print $2}') GiB;" \
    "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo none)"
  echo "FFmpeg: $("${ffmpeg[@]}" -hide_banner -version 2>&1 | head -1) ($loader)"
  echo "NVENC encoders listed: $("${ffmpeg[@]}" -hide_banner -encoders 2>/dev/null | grep nvenc | awk '{print $2}' | tr '\n' ' ')"
  echo "hwaccels: $("${ffmpeg[@]}" -hide_banner -hwaccels 2>/dev/null | tail -n +2 | tr '\n' ' ')"
} | tee "$table"

# --- the NVENC trials of detectCapabilities -----------------------------------------------------
for enc in h264_nvenc hevc_nvenc; do
  args_of "trial-$enc"
  "${ffmpeg[@]}" "${ARGS[@]}" >/dev/null 2>"$work/logs/trial-$enc.log" </dev/null
  rc=$?
  echo "Trial encode $enc: rc=$rc $(tr '\n' ' ' <"$work/logs/trial-$enc.log" | cut -c1-300)" | tee -a "$table"
done

# --- the source, made here as the prep made it ----------------------------------------------------
args_of source
t0=$(date +%s.%N)
"${ffmpeg[@]}" "${ARGS[@]}" </dev/null 2>"$work/logs/source.log"
t1=$(date +%s.%N)
src_frames=$(frames_of "$work/source.mp4")
echo "Source: $src_frames frames (prep expects $expected), generated in $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s;" \
  "$("${ffprobe[@]}" -v error -show_entries stream=codec_name,start_time:format=duration -of compact=p=0:nk=1 "$work/source.mp4" | tr '\n' ' ')" |
  tee -a "$table"

# --- the cases -------------------------------------------------------------------------------------
pin2=()
if command -v taskset >/dev/null; then pin2=(taskset -c 0,1); fi
# label  args-file  stdin-stream  pinned-to-2-cores  runs
cases=(
  "bare-cpu bare-cpu - no $repeat"
  "bare-cpu@2cores bare-cpu - yes $repeat"
  "animated-cpu animated-cpu animated no $repeat"
  "animated-cpu-t2 animated-cpu-t2 animated no $repeat"
  "animated-cpu@2cores animated-cpu animated yes $repeat"
  "animated-cudadec animated-cudadec animated no $repeat"
  "animated-cuda animated-cuda animated no $repeat"
  "animated-nvenc animated-nvenc animated no 1"
  "typical-cpu typical-cpu typical no $repeat"
  "typical-cpu@2cores typical-cpu typical yes $repeat"
  "typical-cudadec typical-cudadec typical no $repeat"
  "typical-cuda typical-cuda typical no $repeat"
)
{
  echo
  echo "| case | run | wall (s) | fps | output frames | exit | note |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} | tee -a "$table"
for line in "${cases[@]}"; do
  read -r label name stream pinned runs <<<"$line"
  echo "$label" | grep -Eq "$only" || continue
  if [ "$pinned" = yes ] && [ ${#pin2[@]} -eq 0 ]; then
    echo "| $label | - | - | - | - | - | skipped: no taskset |" | tee -a "$table"
    continue
  fi
  pin=()
  [ "$pinned" = yes ] && pin=("${pin2[@]}")
  args_of "$name"
  output=
  for arg in "${ARGS[@]}"; do
    case $arg in "file:$work/out-"*) output=${arg#file:} ;; esac
  done
  for run in $(seq 1 "$runs"); do
    rm -f "$output"
    log=$work/logs/$label-$run.log
    input=/dev/null
    [ "$stream" != - ] && input=$work/$stream.mkv
    t0=$(date +%s.%N)
    "${pin[@]}" "${ffmpeg[@]}" "${ARGS[@]}" <"$input" >/dev/null 2>"$log"
    rc=$?
    t1=$(date +%s.%N)
    wall=$(awk "BEGIN{printf \"%.2f\", $t1 - $t0}")
    frames=$(frames_of "$output")
    note=""
    if [ "$rc" -ne 0 ]; then
      note=$(grep -v '^\s*$' "$log" | tail -3 | tr '\n|' ' /' | cut -c1-240)
    elif [ "$frames" != "$src_frames" ]; then
      note="FRAME COUNT $frames != source $src_frames"
    else
      note=ok
    fi
    fps=-
    [ "$rc" -eq 0 ] && fps=$(awk "BEGIN{printf \"%.0f\", ${src_frames:-0} / $wall}")
    echo "| $label | $run | $wall | $fps | ${frames:--} | $rc | $note |" | tee -a "$table"
  done
done
tar -C "$work" -czf "$report/logs.tar.gz" logs

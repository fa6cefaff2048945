#!/usr/bin/env bash
# Generates the demo's source video (no binary media in the repository): 12 s, 1280x720, 30 fps,
# moving gradients with a tone, so the captions are seen over picture and sound.
set -euo pipefail
out=${1:-"$(dirname "$0")/out/source.mp4"}
mkdir -p "$(dirname "$out")"
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "gradients=s=1280x720:r=30:speed=0.02:c0=0x1d3557:c1=0x457b9d:c2=0xa8dadc:c3=0xe63946:n=4" \
  -f lavfi -i "sine=frequency=220:sample_rate=48000,volume=0.2" \
  -t 12 -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 30 -c:a aac -b:a 128k -shortest "$out"
echo "$out"

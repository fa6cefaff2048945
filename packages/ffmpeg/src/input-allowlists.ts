/**
 * Demuxers a source video may be read with. Media from users is untrusted, and FFmpeg picks a
 * demuxer by sniffing the bytes, so without a list a crafted file can reach any of FFmpeg's ~350
 * demuxers — image sequences, playlists (HLS, DASH, concat) that open further URLs, and rarely
 * used parsers. These are the containers people actually upload video in:
 * `mov` (mp4/m4v/mov/3gp), `matroska` (mkv/webm), `avi`, `mpegts` (ts/m2ts), `flv`, `ogg`, `mxf`.
 *
 * FFmpeg matches each name against the demuxer's comma-separated aliases, so `mov` admits the
 * demuxer called `mov,mp4,m4a,3gp,3g2,mj2` and `matroska` admits `matroska,webm`.
 * Image demuxers (`image2`, `png_pipe`, `jpeg_pipe`…) are deliberately absent: a still image is
 * not a video.
 */
export const SOURCE_DEMUXERS: readonly string[] = [
  'mov',
  'matroska',
  'avi',
  'mpegts',
  'flv',
  'ogg',
  'mxf',
];

/** Sources are local files only: no network, no `concat:`/`subfile:`/`data:` tricks. */
export const SOURCE_PROTOCOLS: readonly string[] = ['file'];

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The secure video path demo, end to end in the guest. One TAP result per
# run of sdp-demo, each checking the exit status and the exact report
# lines (frame counts, digests, decoder and importer results), on the split
# path (DECRYPT_SAMPLE, then the tee-jpegdec V4L2 decoder) and the fused
# one (--fused: DECODE_FRAME), then runs that must be refused with a
# precise message: malformed containers, an unknown content key id,
# corrupt ciphertext (on both paths), bad options. The decoder still plays
# after every refusal.
share=/usr/share/sdp-demo
n=0
fail=0

# check NAME WANT_EXIT OUTPUT_FILE PATTERN...: exit status and every
# pattern (a fixed string) present in the output
check() {
	name=$1 want=$2 got=$3 file=$4
	shift 4
	n=$((n + 1))
	ok=1
	[ "$got" = "$want" ] || { echo "# exit status $got, expected $want"; ok=0; }
	for p in "$@"; do
		grep -qF -- "$p" "$file" || { echo "# missing: $p"; ok=0; }
	done
	if [ $ok = 1 ]; then
		echo "ok $n - $name"
	else
		sed 's/^/#   /' "$file"
		echo "not ok $n - $name"
		fail=1
	fi
}

# play NAME WANT_EXIT PATTERNS... -- SDP-DEMO-ARGS...
play() {
	name=$1 want=$2
	shift 2
	pats=""
	while [ "$1" != "--" ]; do
		pats="$pats
$1"
		shift
	done
	shift
	sdp-demo "$@" > /tmp/demo.out 2>&1
	rc=$?
	IFS='
'
	# shellcheck disable=SC2086
	check "$name" "$want" "$rc" /tmp/demo.out $pats
	unset IFS
}

frames() { wc -l < "$share/$1.nv12.sha256" | tr -d ' '; }

# ---- the full default clip, on both paths ----
f=$(frames clip-640x360)
# What every full run reports, one pattern a line (play splits on newlines).
full="frames decoded in the secure world : $f/$f
NV12 digests matched               : $f/$f
XRGB8888 digests matched           : $f/$f
output)     : $f frames queued as DMABUF, $((f - 1)) returned by DQBUF + 1 held for display until STREAMOFF, 0 errors
restricted buffers PRIME-imported
control commit with a dumb buffer ok
protected buffer refused by a CPU-composited plane (Invalid argument, errno 22) x$f
result                             : PASS"

# split: decrypted into restricted bitstreams, decoded by the V4L2 decoder
play "sdp-demo plays all $f frames of the 640x360 clip through tee-jpegdec: decrypted, decoded, verified, drained, V4L2 and DRM as expected" 0 \
	"path                               : decrypt → tee-jpegdec V4L2 decoder → vivid/DRM importers" \
	"frames decrypted (DECRYPT_SAMPLE)  : $f/$f" \
	"(tee-jpegdec)  : $f restricted bitstreams queued as DMABUF, $f returned;" \
	"0 errors; drain V4L2_DEC_CMD_STOP → V4L2_BUF_FLAG_LAST, V4L2_EVENT_EOS, EPIPE" \
	"$full" -- \
	-c $share/clip-640x360.sdpclip
cat /tmp/demo.out | sed -n '/==== sdp-demo report/,$s/^/# /p'

# fused: decrypted and decoded in one call to the video TA
play "sdp-demo --fused plays all $f frames of the 640x360 clip: decoded, verified, V4L2 and DRM as expected" 0 \
	"path                               : decrypt+decode fused in the video TA (DECODE_FRAME) → vivid/DRM importers" \
	"$full" -- \
	-c $share/clip-640x360.sdpclip --fused

# ---- the 1280x720 clip, ring in the DRAM carveout ----
play "sdp-demo plays 12 frames of the 1280x720 clip from restricted-ui" 0 \
	"frames decoded in the secure world : 12/12" \
	"NV12 digests matched               : 12/12" \
	"XRGB8888 digests matched           : 12/12" \
	"result                             : PASS" -- \
	-c $share/clip-1280x720.sdpclip -H /dev/dma_heap/restricted-ui -n 12 -r 3

# ---- refusals ----
clip=$share/clip-640x360.sdpclip
digests="-d $share/clip-640x360.nv12.sha256 -x $share/clip-640x360.xrgb.sha256"

head -c 100 $clip > /tmp/trunc.sdpclip
# shellcheck disable=SC2086
play "a truncated container is rejected before anything reaches the TEE" 1 \
	"not a valid clip: " "(-13)" -- -c /tmp/trunc.sdpclip $digests

{ printf 'SDPCLIP2'; tail -c +9 $clip; } > /tmp/magic.sdpclip
# shellcheck disable=SC2086
play "a container with a bad magic is rejected" 1 \
	"not a valid clip: " "(-3)" -- -c /tmp/magic.sdpclip $digests

{ head -c 24 $clip; printf '\143\000\000\000'; tail -c +29 $clip; } > /tmp/key99.sdpclip
# shellcheck disable=SC2086
play "a clip for a key id the firmware does not have is refused (ITEM_NOT_FOUND)" 1 \
	"no key with the clip's key id: TEEC_ERROR_ITEM_NOT_FOUND" -- \
	-c /tmp/key99.sdpclip $digests

# Frame 0's ciphertext byte 2 hides the 0xff of the JPEG's second marker.
off=$((40 + 20 + 2))
b=$(od -An -tu1 -j $off -N 1 $clip | tr -d ' ')
{ head -c $off $clip; printf "\\$(printf %03o $((b ^ 255)))"; \
  tail -c +$((off + 2)) $clip; } > /tmp/corrupt.sdpclip
# shellcheck disable=SC2086
play "corrupt ciphertext: tee-jpegdec returns the bitstream with V4L2_BUF_FLAG_ERROR" 1 \
	"frame 0: decode: " "returned its bitstream with V4L2_BUF_FLAG_ERROR" \
	"frames decoded in the secure world : 0/$f" -- \
	-c /tmp/corrupt.sdpclip $digests
# shellcheck disable=SC2086
play "corrupt ciphertext is refused by the fused secure decoder (BAD_FORMAT)" 1 \
	"frame 0: decode: TEEC_ERROR_BAD_FORMAT" -- \
	-c /tmp/corrupt.sdpclip $digests --fused

sed '2s/ .*/ 0000000000000000000000000000000000000000000000000000000000000000/' \
	$share/clip-640x360.nv12.sha256 > /tmp/wrong.nv12.sha256
play "a frame whose digest differs from the expected one is reported and stops the run" 1 \
	"frame 1: NV12 digest " ", expected 0000000000000000000000000000000000000000000000000000000000000000" \
	"NV12 digests matched               : 1/3" \
	"result                             : FAILED" -- \
	-c $clip -d /tmp/wrong.nv12.sha256 --no-drm -n 3

play "--decoder naming a node that is not a V4L2 m2m device is refused" 1 \
	"the --decoder node is not a V4L2 memory-to-memory device" -- \
	-c $clip --decoder /dev/null
play "--ring 1 is a usage error" 2 "--ring must be a number in 2..16, not '1'" -- \
	--ring 1
play "--help prints the usage" 0 "usage: sdp-demo [options]" "--no-drm" "--fused" -- \
	--help

# ---- and the decoder still plays ----
play "after every refusal, 5 frames still play and verify" 0 \
	"frames decoded in the secure world : 5/5" \
	"NV12 digests matched               : 5/5" \
	"result                             : PASS" -- -c $clip -n 5

echo "1..$n"
exit $fail

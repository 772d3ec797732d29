#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The secure video path demo, end to end in the guest, on the encrypted
# WebM clips users play. One TAP result per run of sdp-demo, each checking
# the exit status and the exact report lines (frame counts, digests,
# decoder and importer results), on the split path (DECRYPT_SAMPLE, then
# the tee-jpegdec V4L2 decoder) and the fused one (--fused: DECODE_FRAME),
# then runs that must be refused with a precise message: malformed WebM
# files, an unknown content key id, a key id not ours, corrupt ciphertext
# (on both paths), bad options. The decoder still plays after every
# refusal. In between, libdrm's modetest, another DRM client, checks what
# vkms shows while sdp-demo --hold keeps its state. One run plays the
# project's older .sdpclip container, a legacy input of sdp-demo.
share=/usr/share/sdp-demo
n=0
fail=0

# result NAME OK FILE: one TAP result; a failure shows FILE
result() {
	n=$((n + 1))
	if [ "$2" = 1 ]; then
		echo "ok $n - $1"
	else
		sed 's/^/#   /' "$3"
		echo "not ok $n - $1"
		fail=1
	fi
}

# check NAME WANT_EXIT OUTPUT_FILE PATTERN...: exit status and every
# pattern (a fixed string) present in the output
check() {
	name=$1 want=$2 got=$3 file=$4
	shift 4
	ok=1
	[ "$got" = "$want" ] || { echo "# exit status $got, expected $want"; ok=0; }
	for p in "$@"; do
		grep -qF -- "$p" "$file" || { echo "# missing: $p"; ok=0; }
	done
	result "$name" $ok "$file"
}

# check_lines NAME FILE LINE...: every LINE is a whole line of FILE
check_lines() {
	name=$1 file=$2
	shift 2
	ok=1
	for l in "$@"; do
		grep -qxF -- "$l" "$file" || { echo "# missing line: $l"; ok=0; }
	done
	result "$name" $ok "$file"
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
	-c $share/clip-640x360.webm
cat /tmp/demo.out | sed -n '/==== sdp-demo report/,$s/^/# /p'

# fused: decrypted and decoded in one call to the video TA
play "sdp-demo --fused plays all $f frames of the 640x360 clip: decoded, verified, V4L2 and DRM as expected" 0 \
	"path                               : decrypt+decode fused in the video TA (DECODE_FRAME) → vivid/DRM importers" \
	"$full" -- \
	-c $share/clip-640x360.webm --fused

# ---- the legacy container ----
# The .sdpclip holds the same frames, IVs and ciphertext; it is kept for
# the secure-world tests (video_ta_test, vdec_test) and as a legacy input
# of sdp-demo, which this run keeps from rotting.
play "sdp-demo still plays all $f frames of the legacy .sdpclip container (kept for video_ta_test and vdec_test), verified" 0 \
	"frames decrypted (DECRYPT_SAMPLE)  : $f/$f" \
	"$full" -- \
	-c $share/clip-640x360.sdpclip

# ---- the 1280x720 clip, ring in the DRAM carveout ----
play "sdp-demo plays 12 frames of the 1280x720 clip from restricted-ui" 0 \
	"frames decoded in the secure world : 12/12" \
	"NV12 digests matched               : 12/12" \
	"XRGB8888 digests matched           : 12/12" \
	"result                             : PASS" -- \
	-c $share/clip-1280x720.webm -H /dev/dma_heap/restricted-ui -n 12 -r 3

# ---- vkms as another DRM client sees it: modetest ----
# sdp-demo --hold leaves its control frame (a dumb buffer) on vkms's primary
# plane through the run, so that each restricted commit would replace it,
# and keeps it there after the run until a line on its stdin. Meanwhile
# modetest -M vkms -a -p lists vkms's CRTCs and planes with their atomic
# properties, and debugfs holds vkms's atomic state.

# mt_state FILE: modetest -M vkms -a -p into FILE, its tables as lines
# "crtc|plane ID KEY VALUE": a row's columns (crtc: fb, size; plane: crtc,
# fb), the CRTC's mode name and every property whose value is a number.
mt_state() {
	modetest -M vkms -a -p > "$1.raw" 2>&1
	echo "modetest exit $?" > "$1"
	awk '
	/^CRTCs:$/ { kind = "crtc"; next }
	/^Planes:$/ { kind = "plane"; next }
	/^[A-Z][A-Za-z ]*:$/ { kind = ""; next }
	kind == "" { next }
	/^[0-9]+\t/ {
		split($0, col, "\t")
		id = col[1]
		prop = ""
		if (kind == "crtc") {
			print kind, id, "fb", col[2]
			print kind, id, "size", col[4]
		} else {
			print kind, id, "crtc", col[2]
			print kind, id, "fb", col[3]
		}
		next
	}
	kind == "crtc" && /^  #0 / { print kind, id, "mode", $2; next }
	/^\t[0-9]+ [^ \t]+:$/ { prop = substr($2, 1, length($2) - 1); next }
	/^\t\tvalue: -?[0-9]+$/ && prop != "" { print kind, id, prop, $2 }
	' "$1.raw" >> "$1"
}

# modetest takes its look once sdp-demo says it holds vkms (or has ended),
# reading sdp-demo's output as it is written.
: > /tmp/hold.out
# shellcheck disable=SC2094
{
	i=0
	while [ $i -lt 600 ] && ! grep -q -e holding -e "result  " /tmp/hold.out; do
		sleep 0.1
		i=$((i + 1))
	done
	mt_state /tmp/mt-held
	cat /sys/kernel/debug/dri/vkms/state > /tmp/vkms-state 2>&1
	echo release
} | sdp-demo --hold -c $share/clip-640x360.webm -n 5 > /tmp/hold.out 2>&1
rc=$?
# "holding /dev/dri/cardN: plane P on CRTC C shows the control framebuffer
# F (...) ...; restricted framebuffers R1 and R2 refused ..."
ids=$(sed -n 's/.*holding .*: plane \([0-9]*\) on CRTC \([0-9]*\) shows the control framebuffer \([0-9]*\) .*restricted framebuffers \([0-9]*\) and \([0-9]*\) refused.*/\1 \2 \3 \4 \5/p' /tmp/hold.out)
# shellcheck disable=SC2086
set -- $ids 0 0 0 0 0
plane=$1 crtc=$2 fb=$3 r1=$4 r2=$5
[ -n "$ids" ] || echo "# sdp-demo --hold never held vkms: $(tail -n 1 /tmp/hold.out)"

check_lines "modetest: vkms's primary plane shows sdp-demo's 640x360 control frame at (0,0), its CRTC active in mode 1024x768" \
	/tmp/mt-held "modetest exit 0" \
	"plane $plane crtc $crtc" "plane $plane fb $fb" \
	"plane $plane FB_ID $fb" "plane $plane CRTC_ID $crtc" \
	"plane $plane SRC_X 0" "plane $plane SRC_Y 0" \
	"plane $plane SRC_W $((640 << 16))" "plane $plane SRC_H $((360 << 16))" \
	"plane $plane CRTC_X 0" "plane $plane CRTC_Y 0" \
	"plane $plane CRTC_W 640" "plane $plane CRTC_H 360" \
	"crtc $crtc fb $fb" "crtc $crtc size (1024x768)" \
	"crtc $crtc mode 1024x768" "crtc $crtc ACTIVE 1"

# Every plane's framebuffer: the control frame on the primary, none else.
awk '$1 == "plane" && $3 == "FB_ID" { print $4 }' /tmp/mt-held | sort -n | \
	tr '\n' ' ' > /tmp/mt-fbs
echo "# planes' framebuffers: $(cat /tmp/mt-fbs); restricted: $r1 $r2"
ok=0
[ "$(cat /tmp/mt-fbs)" = "0 $fb " ] && [ "$r1" != 0 ] && [ "$r2" != 0 ] && ok=1
result "modetest: after 5 refused commits neither restricted framebuffer is on a vkms plane, only the control frame" \
	$ok /tmp/mt-held

# The framebuffer's format is the kernel's to say: vkms's atomic state.
awk -v p="plane[$plane]:" '/^[^\t]/ { on = index($0, p) == 1 }
	on { sub(/^\t+/, ""); print }' /tmp/vkms-state > /tmp/vkms-plane
check_lines "debugfs: vkms's state has sdp-demo's framebuffer on the plane, XR24 640x360, pitch 2560" \
	/tmp/vkms-plane "fb=$fb" "allocated by = sdp-demo" \
	"format=XR24 little-endian (0x34325258)" "size=640x360" \
	"pitch[0]=2560" "crtc-pos=640x360+0+0"

check "sdp-demo --hold plays 5 frames, each refused by vkms, holds its control frame and releases it" \
	0 $rc /tmp/hold.out \
	"control commit with a dumb buffer ok" \
	"protected buffer refused by a CPU-composited plane (Invalid argument, errno 22) x5" \
	"sdp-demo: released /dev/dri/card" \
	"result                             : PASS"

mt_state /tmp/mt-after
check_lines "modetest: after sdp-demo, vkms's CRTC is off and its primary plane empty" \
	/tmp/mt-after "modetest exit 0" \
	"plane $plane crtc 0" "plane $plane fb 0" "plane $plane FB_ID 0" \
	"crtc $crtc fb 0" "crtc $crtc size (0x0)" "crtc $crtc ACTIVE 0"

# ---- refusals ----
# Copies of the WebM clip patched in /tmp: its structure, its key id or
# its ciphertext.
clip=$share/clip-640x360.webm
digests="-d $share/clip-640x360.nv12.sha256 -x $share/clip-640x360.xrgb.sha256"

# at FILE BYTES: the offset of BYTES (as od -An -tx1 prints them) in
# FILE's first 2 KiB (the header and the first frame), or -1
at() {
	od -An -v -tx1 -N 2048 "$1" | tr -d '\n' | \
		awk -v b="$2" '{ p = index($0, b); print p ? (p - 1) / 3 : -1 }'
}
# The KID, "sdp-content:" and the key id as a big-endian u32; frame 0's
# IV, the same as in the .sdpclip (its bytes 44-51).
kid=$(at $clip "$(printf 'sdp-content:' | od -An -tx1 | tr -d '\n')")
ivoff=$(at $clip "$(od -An -v -tx1 -j 44 -N 8 $share/clip-640x360.sdpclip | tr -d '\n')")
echo "# in $clip: the KID at $kid, frame 0's IV at $ivoff"

head -c 100 $clip > /tmp/trunc.webm
# shellcheck disable=SC2086
play "a truncated WebM file is rejected before anything reaches the TEE" 1 \
	"not a valid clip: element past the end of its parent (-6)" -- \
	-c /tmp/trunc.webm $digests

# Not EBML, so read as an .sdpclip, whose magic it lacks.
{ printf 'X'; tail -c +2 $clip; } > /tmp/magic.webm
# shellcheck disable=SC2086
play "a file with a bad magic (neither EBML nor .sdpclip) is rejected" 1 \
	"not a valid clip: bad magic (-3)" -- -c /tmp/magic.webm $digests

{ printf '\032\105\337\243'; head -c 3 /dev/zero; } > /tmp/tiny.webm
# shellcheck disable=SC2086
play "an EBML header whose size is no valid length is rejected" 1 \
	"not a valid clip: bad element size (-5)" -- -c /tmp/tiny.webm $digests

{ head -c $((kid + 12)) $clip; printf '\000\000\000\143'; \
  tail -c +$((kid + 17)) $clip; } > /tmp/key99.webm
# shellcheck disable=SC2086
play "a clip for a key id the firmware does not have is refused (ITEM_NOT_FOUND)" 1 \
	"no key with the clip's key id: TEEC_ERROR_ITEM_NOT_FOUND" -- \
	-c /tmp/key99.webm $digests

{ head -c "$kid" $clip; printf 'sdp-kontent:'; tail -c +$((kid + 13)) $clip; } \
	> /tmp/foreign.webm
# shellcheck disable=SC2086
play "a KID that is not sdp-content: and a key id is rejected before the TEE" 1 \
	"not a valid clip: KID is not sdp-content: and a key id (-37)" -- \
	-c /tmp/foreign.webm $digests

# Frame 0's ciphertext byte 2 hides the 0xff of the JPEG's second marker.
off=$((ivoff + 8 + 2))
b=$(od -An -tu1 -j $off -N 1 $clip | tr -d ' ')
{ head -c $off $clip; printf "\\$(printf %03o $((b ^ 255)))"; \
  tail -c +$((off + 2)) $clip; } > /tmp/corrupt.webm
# shellcheck disable=SC2086
play "corrupt ciphertext: tee-jpegdec returns the bitstream with V4L2_BUF_FLAG_ERROR" 1 \
	"frame 0: decode: " "returned its bitstream with V4L2_BUF_FLAG_ERROR" \
	"frames decoded in the secure world : 0/$f" -- \
	-c /tmp/corrupt.webm $digests
# shellcheck disable=SC2086
play "corrupt ciphertext is refused by the fused secure decoder (BAD_FORMAT)" 1 \
	"frame 0: decode: TEEC_ERROR_BAD_FORMAT" -- \
	-c /tmp/corrupt.webm $digests --fused

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

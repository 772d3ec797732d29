#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench: the secure video path, 640x360 (restricted) and 1280x720
# (restricted-ui), through the reference client sdp-demo (make demo) and
# the GStreamer pipeline sdp-play (make run), RUNS times each, interleaved.
# Each run is one TAP result (the client's exit status: PASS, every frame
# verified) and one "# bench-json:" line with its frames/s, the real-time
# factor (frames/s / 25, the clips' rate) and the client's per-stage times
# in ms/frame (sdp-demo: the time in each stage's calls, one frame at a
# time; sdp-play: each element's arrival-to-push time, waits included, the
# stages overlapping); scripts/bench-collect.py takes the median over the
# runs.
# During the first 720p sdp-demo run, sdp_bench --latency-only samples how
# late a 1 ms sleeper on each CPU wakes (the decoder's secure calls).
# --smoke: one run of 6 frames each.
share=/usr/share/sdp-demo
out=/tmp/bench-video.out
runs=3 frames= lat_s=8
if [ "$1" = --smoke ]; then
	runs=1 frames=6 lat_s=1
fi
n=0
fail=0

# result OK NAME: one TAP result
result() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

# json CLIENT CLIP HEAP RUN: the bench-json line of the report in $out
json() {
	awk -v client="$1" -v clip="$2" -v heap="$3" -v run="$4" '
	# sdp-demo: "end to end : 75 frames in 6.00 s, 12.5 frames/s"
	/^  end to end / {
		split($0, a, ":"); split(a[2], w, " ")
		frames = w[1]; secs = w[4]
	}
	# "time in: decrypt A s, decode B s, verify C s, V4L2 output D s,
	#  DRM E s (secure conversion F s, vkms commits G s)"
	/^  time in: / {
		s = $0; sub(/^  time in: /, "", s); sub(/ \(.*/, "", s)
		k = split(s, parts, ", ")
		for (i = 1; i <= k; i++) {
			p = parts[i]; v = p; sub(/ [0-9.]+ s$/, "", p)
			sub(/ s$/, "", v); sub(/^.* /, "", v)
			gsub(/ /, "_", p)
			stage[++ns] = tolower(p); sval[ns] = v
		}
	}
	# sdp-play: "time : 75 frames in 6.00 s, 12.5 frames/s, ..."
	/^  time  *: / {
		split($0, a, ": "); split(a[2], w, " ")
		frames = w[1]; secs = w[4]
	}
	# sdp-play: "stages : decrypt A ms/frame (...), decode B ms/frame ..."
	/^  stages  *: / {
		s = $0; sub(/^  stages  *: /, "", s); sub(/;.*/, "", s)
		k = split(s, parts, ", ")
		for (i = 1; i <= k; i++) {
			split(parts[i], w, " ")
			stage[++ns] = w[1]; permf[ns] = w[2]
		}
	}
	END {
		if (!frames || !secs)
			exit 1
		fps = frames / secs
		q = "\""
		printf "# bench-json: {%sgroup%s: %svideo%s, ", q, q, q, q
		printf "%sfigure%s: %s%s %s (%s)%s, ", q, q, q, client, clip,
			heap, q
		printf "%sunit%s: %sframes/s%s, %smedian%s: %.3f, ", q, q, q, q,
			q, q, fps
		printf "%sreference%s: %sthe clip: 25 frames/s%s, ", q, q, q, q
		printf "%sref_median%s: 25, %sratio%s: %.4f, %sreps%s: 1, ",
			q, q, q, q, fps / 25, q, q
		printf "%srun%s: %d, %sframes%s: %d, %sseconds%s: %.3f, ",
			q, q, run, q, q, frames, q, q, secs
		printf "%sstages_ms_per_frame%s: {", q, q
		for (i = 1; i <= ns; i++) {
			v = permf[i] != "" ? permf[i] : sval[i] * 1000 / frames
			printf "%s%s%s%s: %.2f", (i > 1 ? ", " : ""), q,
				stage[i], q, v
		}
		printf "}}\n"
	}' "$out"
}

# play CLIENT CLIP HEAP RUN: one run of CLIENT on CLIP from HEAP
play() {
	p_client=$1 p_clip=$2 p_heap=$3 p_run=$4
	set --
	[ -z "$frames" ] || set -- -n "$frames"
	# Unpaced: vivid's video output takes frames at the stream's rate (25
	# frames/s), so through it no client can pass real time. sdp-demo's
	# frames still go to DRM (vkms imports and commits each one), sdp-play's
	# to fakesink.
	case "$p_client" in
	sdp-demo) set -- -c "$share/$p_clip.webm" -H "/dev/dma_heap/$p_heap" \
		--no-v4l2 "$@" ;;
	sdp-play) set -- -c "$p_clip" -H "$p_heap" --sink fake "$@" ;;
	esac
	timeout 300 "$p_client" "$@" > "$out" 2>&1
	rc=$?
	ok=0
	[ $rc = 0 ] && grep -q "PASS" "$out" && ok=1
	if [ $ok = 1 ]; then
		sed -n '/==== .* report/,$s/^/# /p' "$out"
		json "$p_client" "$p_clip" "$p_heap" "$p_run" || ok=0
	else
		sed 's/^/#   /' "$out"
	fi
	result $ok "$p_client $* (run $p_run): PASS, every frame verified; timed"
}

# The first sdp-play of the boot builds the GStreamer registry: before the
# runs, outside them (sdp-play's clock starts after it anyway).
sdp-play -c clip-640x360 -n 2 --sink fake > /dev/null 2>&1

run=1
while [ $run -le $runs ]; do
	for pair in clip-640x360:restricted clip-1280x720:restricted-ui; do
		for client in sdp-demo sdp-play; do
			if [ $run = 1 ] && [ $client = sdp-demo ] &&
			   [ "${pair%%:*}" = clip-1280x720 ]; then
				sdp_bench --latency-only "$lat_s" \
					--label "during sdp-demo 1280x720" \
					> /tmp/bench-lat.out 2>&1 &
				lat=$!
				sleep 1
			fi
			play $client "${pair%%:*}" "${pair#*:}" $run
			if [ -n "$lat" ]; then
				wait $lat
				lrc=$?
				grep '^# ' /tmp/bench-lat.out
				lok=0
				[ $lrc = 0 ] && grep -q '^1\.\.' /tmp/bench-lat.out &&
					lok=1
				result $lok "sdp_bench --latency-only during sdp-demo 1280x720: measured"
				lat=
			fi
		done
	done
	run=$((run + 1))
done
echo "1..$n"
exit $fail

// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-play: the V4L2 video output it plays into (vivid's), found by name
 * and set to the output the stream suits.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "sdp-play.h"


/* The device node whose V4L2 name is @name, or NULL. */
gchar *sdp_play_find_video_node(const gchar *name)
{
	const gchar *entry;
	gchar *path, *text, *node = NULL;
	GDir *dir;

	dir = g_dir_open("/sys/class/video4linux", 0, NULL);
	if (!dir)
		return NULL;
	while (!node && (entry = g_dir_read_name(dir))) {
		path = g_build_filename("/sys/class/video4linux", entry,
					"name", NULL);
		if (g_file_get_contents(path, &text, NULL, NULL)) {
			if (!strcmp(g_strchomp(text), name))
				node = g_strconcat("/dev/", entry, NULL);
			g_free(text);
		}
		g_free(path);
	}
	g_dir_close(dir);
	return node;
}

/*
 * Select output @index of @device; its previous output in @old (if not
 * NULL). Says what failed and returns FALSE.
 */
gboolean sdp_play_select_output(const gchar *device, guint index, gint *old)
{
	struct v4l2_output out = { .index = index };
	gint fd, cur = index, err = 0;

	fd = open(device, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		g_printerr("sdp-play: %s: %s\n", device, g_strerror(errno));
		return FALSE;
	}
	if (old && ioctl(fd, VIDIOC_G_OUTPUT, &cur))
		err = errno;
	else if (ioctl(fd, VIDIOC_ENUMOUTPUT, &out) ||
		 ioctl(fd, VIDIOC_S_OUTPUT, &index))
		err = errno;
	close(fd);
	if (err) {
		g_printerr("sdp-play: %s: cannot select output %u: %s (errno %d)\n",
			   device, index, g_strerror(err), err);
		return FALSE;
	}
	if (old) {
		*old = cur;
		g_print("sdp-play: %s (%s): output %u, %s\n", device,
			VIVID_OUTPUT, index, (const gchar *)out.name);
	}
	return TRUE;
}

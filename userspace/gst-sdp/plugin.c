// SPDX-License-Identifier: GPL-2.0
/*
 * The "sdp" GStreamer plugin: the secure video path's elements for
 * GStreamer 1.22.
 *
 *   sdpdecrypt   WebM-encrypted Motion-JPEG -> restricted JPEG bitstream,
 *                decrypted by the secure world (a Decryptor: decodebin
 *                and playbin plug it in)
 *   sdpconvert   restricted NV12 frames -> restricted BGRx (DRM
 *                XRGB8888) frames, converted by the secure world, for
 *                display hardware without YUV planes
 *   sdpverify    restricted NV12 or BGRx frames checked against a digest
 *                list by the secure world's SHA-256 of each
 *
 * and GstSdpRestrictedAllocator, the restricted dma-buf heap memory they
 * hand around (gstsdpallocator.h). Installed in the guest as
 * /usr/lib/sdp/gstreamer-1.0/libgstsdp.so (GST_PLUGIN_PATH).
 */
#include <gst/gst.h>

#include "gstsdpconvert.h"
#include "gstsdpdecrypt.h"
#include "gstsdpverify.h"

#define PACKAGE			"sdp"
#define VERSION			"1.0"
#define GST_PACKAGE_NAME	"Secure data path for Linux media"
#define GST_PACKAGE_ORIGIN	"Unknown package origin"

static gboolean plugin_init(GstPlugin *plugin)
{
	gboolean ret = FALSE;

	ret |= GST_ELEMENT_REGISTER(sdpconvert, plugin);
	ret |= GST_ELEMENT_REGISTER(sdpdecrypt, plugin);
	ret |= GST_ELEMENT_REGISTER(sdpverify, plugin);
	return ret;
}

GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, sdp,
		  "Secure video path: decryption into restricted memory, colour conversion and frame verification by the secure world",
		  plugin_init, VERSION, "GPL", GST_PACKAGE_NAME,
		  GST_PACKAGE_ORIGIN)

// SPDX-License-Identifier: GPL-2.0
/*
 * Restricted DMA-BUF heaps: freed buffers cleared by the secure world
 *
 * A freed restricted buffer still holds its owner's data (decoded frames,
 * for instance) and the next owner of the range must not receive it. The
 * kernel may not write restricted memory, so the secure world clears it:
 * this driver binds to the secure world's restricted-memory service, which
 * the TEE enumerates on the TEE bus, and registers it as the restricted
 * heaps' scrubber. Every freed range then goes to the service's SCRUB
 * command before the heap hands it out again.
 *
 * The service serves in-kernel clients only (REE kernel login): from user
 * space it would let any process wipe buffers it does not own.
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/restricted_heap.h>
#include <linux/slab.h>
#include <linux/tee_drv.h>
#include <linux/uuid.h>

#define RH_TEE_CMD_SCRUB	0

/* GlobalPlatform TEE_ERROR_ITEM_NOT_FOUND: not memory the TEE protects */
#define RH_TEE_ITEM_NOT_FOUND	0xffff0008

/**
 * struct rh_tee - the scrubber of one TEE service
 * @scrubber:	registered with the restricted heaps
 * @dev:	the TEE-bus device
 * @ctx:	TEE context
 * @session:	session with the service
 */
struct rh_tee {
	struct restricted_heap_scrubber scrubber;
	struct device *dev;
	struct tee_context *ctx;
	u32 session;
};

static int rh_tee_scrub(const struct restricted_heap_scrubber *scrubber,
			phys_addr_t paddr, size_t size)
{
	struct rh_tee *rt = container_of(scrubber, struct rh_tee, scrubber);
	struct tee_ioctl_invoke_arg arg = {
		.func = RH_TEE_CMD_SCRUB,
		.session = rt->session,
		.num_params = 2,
	};
	struct tee_param param[2] = { };
	u64 pa = paddr;
	int ret;

	if (size > U32_MAX)
		return -EINVAL;

	param[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	param[0].u.value.a = upper_32_bits(pa);
	param[0].u.value.b = lower_32_bits(pa);
	param[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	param[1].u.value.a = size;

	ret = tee_client_invoke_func(rt->ctx, &arg, param);
	if (ret)
		return ret;
	if (arg.ret == RH_TEE_ITEM_NOT_FOUND)
		return -ENOENT;
	if (arg.ret) {
		dev_err_ratelimited(rt->dev, "SCRUB %pa+%zu: TEE result 0x%x origin %u\n",
				    &paddr, size, arg.ret, arg.ret_origin);
		return -EIO;
	}
	return 0;
}

static int rh_tee_match(struct tee_ioctl_version_data *ver, const void *data)
{
	return ver->impl_id == TEE_IMPL_ID_OPTEE;
}

static int rh_tee_probe(struct device *dev)
{
	struct tee_client_device *tdev = to_tee_client_device(dev);
	struct tee_ioctl_open_session_arg sess = { };
	struct rh_tee *rt;
	int ret;

	rt = devm_kzalloc(dev, sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return -ENOMEM;
	rt->dev = dev;
	rt->scrubber.scrub = rh_tee_scrub;

	rt->ctx = tee_client_open_context(NULL, rh_tee_match, NULL, NULL);
	if (IS_ERR(rt->ctx))
		return dev_err_probe(dev, PTR_ERR(rt->ctx),
				     "cannot open a TEE context\n");

	export_uuid(sess.uuid, &tdev->id.uuid);
	sess.clnt_login = TEE_IOCTL_LOGIN_REE_KERNEL;
	ret = tee_client_open_session(rt->ctx, &sess, NULL);
	if (!ret && sess.ret) {
		dev_err(dev, "open session: TEE result 0x%x origin %u\n",
			sess.ret, sess.ret_origin);
		ret = -EIO;
	}
	if (ret)
		goto close_context;
	rt->session = sess.session;

	ret = restricted_heap_set_scrubber(&rt->scrubber);
	if (ret) {
		dev_err(dev, "another scrubber is registered\n");
		goto close_session;
	}

	dev_set_drvdata(dev, rt);
	return 0;

close_session:
	tee_client_close_session(rt->ctx, rt->session);
close_context:
	tee_client_close_context(rt->ctx);
	return ret;
}

static int rh_tee_remove(struct device *dev)
{
	struct rh_tee *rt = dev_get_drvdata(dev);

	restricted_heap_clear_scrubber(&rt->scrubber);
	tee_client_close_session(rt->ctx, rt->session);
	tee_client_close_context(rt->ctx);
	return 0;
}

static const struct tee_client_device_id rh_tee_id_table[] = {
	{ UUID_INIT(0xd25455d6, 0x6dfd, 0x4034,
		    0x8a, 0x4e, 0xb8, 0x04, 0xa5, 0xe8, 0xac, 0xdb) },
	{ }
};
MODULE_DEVICE_TABLE(tee, rh_tee_id_table);

static struct tee_client_driver rh_tee_driver = {
	.id_table = rh_tee_id_table,
	.driver = {
		.name = "restricted-heap-scrub",
		.bus = &tee_bus_type,
		.probe = rh_tee_probe,
		.remove = rh_tee_remove,
	},
};

static int __init rh_tee_init(void)
{
	return driver_register(&rh_tee_driver.driver);
}
device_initcall(rh_tee_init);

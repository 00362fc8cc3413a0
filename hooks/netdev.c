// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interface ingress: socket filter programs on every packet a network
 * device of the caller's namespace receives, through a netfilter
 * NF_NETDEV_INGRESS hook on that device (after tc ingress, before the
 * protocol handlers). The program sees the packet from its link-layer
 * header, as a socket filter on a packet socket does; a return value of
 * 0 drops the packet for the whole stack, any other lets it pass.
 *
 * The link holds the device. When the device goes away (ip link del, its
 * namespace torn down) a netdevice notifier takes the hook off and drops
 * the reference, or unregistering would wait for the link forever; the
 * link then reports itself detached. Hooks are added and removed under
 * RTNL, so a device cannot unregister between lookup and hook.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_netdev.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include "hooks.h"

struct kbpf_netdev_hook {
	struct kbpf_link *link;
	struct net_device *dev;		/* held; NULL once it unregistered */
	struct nf_hook_ops ops;
	struct list_head node;		/* in ingress_hooks, under RTNL */
};

/* After the kernel's own netdev hooks (nftables' netdev family). */
#define INGRESS_HOOK_PRIORITY	(INT_MAX - 1)

static LIST_HEAD(ingress_hooks);
/* The notifier is registered while hooks exist. */
static DEFINE_MUTEX(ingress_notifier_lock);
static unsigned int ingress_users;

static unsigned int ingress_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct kbpf_netdev_hook *h = priv;
	u32 mac = skb->mac_len;
	bool ran;
	u64 ret;

	/* As tc ingress does for its programs: data at the link layer. */
	__skb_push(skb, mac);
	ran = kbpf_skb_filter_run(h->link, skb, 0, &ret);
	__skb_pull(skb, mac);
	return ran && !(u32)ret ? NF_DROP : NF_ACCEPT;
}

/* Under RTNL. */
static void ingress_unhook(struct kbpf_netdev_hook *h)
{
	nf_unregister_net_hook(dev_net(h->dev), &h->ops);
	dev_put(h->dev);
	WRITE_ONCE(h->dev, NULL);
}

static int ingress_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct kbpf_netdev_hook *h;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	list_for_each_entry(h, &ingress_hooks, node)
		if (h->dev == dev)
			ingress_unhook(h);
	return NOTIFY_DONE;
}

static struct notifier_block ingress_notifier = {
	.notifier_call = ingress_netdev_event,
};

static int ingress_get(void)
{
	int err = 0;

	mutex_lock(&ingress_notifier_lock);
	if (!ingress_users)
		err = register_netdevice_notifier(&ingress_notifier);
	if (!err)
		ingress_users++;
	mutex_unlock(&ingress_notifier_lock);
	return err;
}

static void ingress_put(void)
{
	mutex_lock(&ingress_notifier_lock);
	if (!--ingress_users)
		unregister_netdevice_notifier(&ingress_notifier);
	mutex_unlock(&ingress_notifier_lock);
}

/* Under RTNL: ENODEV for a name no device of this namespace has. */
static int ingress_hook_dev(struct kbpf_netdev_hook *h, const char *name)
{
	struct net_device *dev;
	int err;

	dev = __dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev || dev->reg_state != NETREG_REGISTERED)
		return -ENODEV;
	h->ops.hook = ingress_hook;
	h->ops.priv = h;
	h->ops.pf = NFPROTO_NETDEV;
	h->ops.hooknum = NF_NETDEV_INGRESS;
	h->ops.priority = INGRESS_HOOK_PRIORITY;
	h->ops.dev = dev;
	/* The hook may run at once: the link and program are set. */
	err = nf_register_net_hook(dev_net(dev), &h->ops);
	if (err)
		return err;
	dev_hold(dev);
	h->dev = dev;
	list_add(&h->node, &ingress_hooks);
	return 0;
}

static int ingress_attach(struct kbpf_link *link)
{
	struct kbpf_netdev_hook *h;
	int err;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->link = link;
	err = ingress_get();
	if (err)
		goto out_free;
	rtnl_lock();
	err = ingress_hook_dev(h, link->target);
	rtnl_unlock();
	if (err)
		goto out_put;
	link->hook = h;
	return 0;

out_put:
	ingress_put();
out_free:
	kfree(h);
	return err;
}

/* nf_unregister_net_hook waits for running hooks (synchronize_net). */
static void ingress_detach(struct kbpf_link *link)
{
	struct kbpf_netdev_hook *h = link->hook;

	rtnl_lock();
	if (h->dev)
		ingress_unhook(h);
	list_del(&h->node);
	rtnl_unlock();
	ingress_put();
	kfree(h);
	link->hook = NULL;
}

/* Whether the device went away under the link (link->lock held). */
static bool ingress_gone(const struct kbpf_link *link)
{
	const struct kbpf_netdev_hook *h = link->hook;

	return !READ_ONCE(h->dev);
}

const struct kbpf_hook_ops kbpf_netdev_ingress_ops = {
	.prog_type	= KBPF_PROG_TYPE_SOCKET_FILTER,
	.attach		= ingress_attach,
	.detach		= ingress_detach,
	.gone		= ingress_gone,
};

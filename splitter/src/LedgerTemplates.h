// Templates of the kernel half's resource ledger and device-memory regions
// (with a codec). Bus-agnostic: what each resource kind is, how it is
// released and quiesced comes from the kernel API rules (`resource`,
// `acquire`, `release`, `mmio`; annotations/README.md), rendered by
// Ledger.cpp. Kernel C in kernel style.
#pragma once

namespace splitdriver::splitter::templates {

// The split header's enum of resource kinds.
inline constexpr const char *kLedgerKinds = R"(/*
 * Kernel half: the kernel resources the user half acquired through its
 * downcalls (the kernel API rules' `resource` kinds), released in reverse
 * order for a device whose remove could not give them back (the user half
 * is gone).
 */
enum {{driver}}_split_resource {
{{kinds}}	{{DRIVER}}_RES_COUNT
};
struct device;
void {{driver}}_split_ledger_add(int kind, void *obj, uint64_t arg);
void {{driver}}_split_ledger_forget(int kind, void *obj, uint64_t arg);
void {{driver}}_split_ledger_release(struct device *dev);
)";

inline constexpr const char *kLedgerKind = "\t{{DRIVER}}_RES_{{kind}},\n";
inline constexpr const char *kLedgerName = "\t[{{DRIVER}}_RES_{{kind}}] = \"{{kind}}\",\n";
inline constexpr const char *kLedgerKeyed = "\t[{{DRIVER}}_RES_{{kind}}] = true,\n";
inline constexpr const char *kLedgerOwner = R"(	case {{DRIVER}}_RES_{{kind}}:
		return {{owner}};
)";
inline constexpr const char *kLedgerOwnerVia = R"(	case {{DRIVER}}_RES_{{kind}}:
		return {{driver}}_split_owner_via({{DRIVER}}_RES_{{via}}, h->obj);
)";
inline constexpr const char *kLedgerRelease = R"(	case {{DRIVER}}_RES_{{kind}}:
		{{release}};
		break;
)";
inline constexpr const char *kLedgerQuiesce = R"(	for (i = {{driver}}_split_nheld; i-- > 0;) {
		h = &{{driver}}_split_ledger[i];
		if (h->kind != {{DRIVER}}_RES_{{kind}})
			continue;
		{{quiesce}};
{{drop}}		quiesced[{{DRIVER}}_RES_{{kind}}]++;
	}
)";
inline constexpr const char *kLedgerQuiesceDrop = "\t\t{{driver}}_split_ledger_drop(i);\n";

// The ledger itself, the quiesce and the device-memory regions.
inline constexpr const char *kLedger = R"(#define {{DRIVER}}_SPLIT_LEDGER 64

struct {{driver}}_split_held {
	int kind;
	void *obj;
	uint64_t arg;
};

static struct {{driver}}_split_held {{driver}}_split_ledger[{{DRIVER}}_SPLIT_LEDGER];
static unsigned int {{driver}}_split_nheld;
static DEFINE_MUTEX({{driver}}_split_ledger_lock);

static const char *const {{driver}}_split_res_names[{{DRIVER}}_RES_COUNT + 1] = {
{{names}}};

/* Kinds whose entries are told apart by their argument too (an IRQ line). */
static const bool {{driver}}_split_res_keyed[{{DRIVER}}_RES_COUNT + 1] = {
{{keyed}}};

void {{driver}}_split_ledger_add(int kind, void *obj, uint64_t arg)
{
	mutex_lock(&{{driver}}_split_ledger_lock);
	if ({{driver}}_split_nheld < {{DRIVER}}_SPLIT_LEDGER)
		{{driver}}_split_ledger[{{driver}}_split_nheld++] =
			(struct {{driver}}_split_held){ kind, obj, arg };
	else
		pr_warn("%s: resource ledger full: %s not recorded\n",
			KBUILD_MODNAME, {{driver}}_split_res_names[kind]);
	mutex_unlock(&{{driver}}_split_ledger_lock);
}

static void {{driver}}_split_ledger_drop(unsigned int i)
{
	memmove(&{{driver}}_split_ledger[i], &{{driver}}_split_ledger[i + 1],
		({{driver}}_split_nheld - i - 1) * sizeof({{driver}}_split_ledger[0]));
	{{driver}}_split_nheld--;
}

void {{driver}}_split_ledger_forget(int kind, void *obj, uint64_t arg)
{
	unsigned int i;

	mutex_lock(&{{driver}}_split_ledger_lock);
	for (i = {{driver}}_split_nheld; i-- > 0;)
		if ({{driver}}_split_ledger[i].kind == kind &&
		    {{driver}}_split_ledger[i].obj == obj &&
		    (!{{driver}}_split_res_keyed[kind] ||
		     {{driver}}_split_ledger[i].arg == arg)) {
			{{driver}}_split_ledger_drop(i);
			break;
		}
	mutex_unlock(&{{driver}}_split_ledger_lock);
}

static struct device *{{driver}}_split_owner(const struct {{driver}}_split_held *h);

/* The owner of the ledger's entry of @kind for @obj, if it holds one. */
static __maybe_unused struct device *{{driver}}_split_owner_via(int kind, void *obj)
{
	unsigned int i;

	for (i = 0; i < {{driver}}_split_nheld; i++)
		if ({{driver}}_split_ledger[i].kind == kind &&
		    {{driver}}_split_ledger[i].obj == obj)
			return {{driver}}_split_owner(&{{driver}}_split_ledger[i]);
	return NULL;
}

/* The device a resource belongs to (its `resource` rule's owner). */
static struct device *{{driver}}_split_owner(const struct {{driver}}_split_held *h)
{
	switch (h->kind) {
{{owners}}	}
	return NULL;
}

static void {{driver}}_split_release_one(const struct {{driver}}_split_held *h)
{
	switch (h->kind) {
{{releases}}	}
}

/*
 * @dev is going: release what the user half still held for it, or for its
 * parent (a USB interface and the device its URBs are on).
 */
void {{driver}}_split_ledger_release(struct device *dev)
{
	struct {{driver}}_split_held h;
	struct device *owner;
	unsigned int i;

	mutex_lock(&{{driver}}_split_ledger_lock);
	for (i = {{driver}}_split_nheld; i-- > 0;) {
		owner = {{driver}}_split_owner(&{{driver}}_split_ledger[i]);
		if (!owner || (owner != dev && owner != dev->parent))
			continue;
		h = {{driver}}_split_ledger[i];
		{{driver}}_split_ledger_drop(i);
		pr_warn("%s: %s: the user half did not release %s; releasing it\n",
			KBUILD_MODNAME, dev_name(dev),
			{{driver}}_split_res_names[h.kind]);
		{{driver}}_split_release_one(&h);
	}
	mutex_unlock(&{{driver}}_split_ledger_lock);
}

/*
 * The user half is gone (udrv's quiesce, before it frees the session's DMA
 * buffers, the rings among them): stop everything that would touch them,
 * each kind as its `resource` rule says (interfaces stop, NAPI contexts are
 * disabled, devices stop mastering the bus), in the rules' order. The rest
 * stays in the ledger for the remove to release.
 */
static void {{driver}}_split_quiesce(struct udrv_channel *ch, void *priv)
{
	unsigned int quiesced[{{DRIVER}}_RES_COUNT + 1] = { 0 };
	struct {{driver}}_split_held *h;
	unsigned int i;

	mutex_lock(&{{driver}}_split_ledger_lock);
{{quiesces}}	mutex_unlock(&{{driver}}_split_ledger_lock);
	(void)h;
	(void)i;
{{report}}}

/*
 * Device memory the user half asked for (an `mmio` rule): a udrv region
 * (mapped by the user half on demand) and a tracker region, so pointers
 * into it cross as (region, offset). The reply carries
 * (region + 1) << 48 | offset.
 */
uint64_t {{driver}}_split_mmio_region(struct device *dev,
		const struct resource *res, unsigned int index,
		void __iomem *kaddr)
{
	int region;

	if (!kaddr)
		return 0;
	region = udrv_region_add_mmio({{driver}}_split_channel, res, index,
				      kaddr);
	if (region < 0) {
		pr_err("%s: %s: resource %u as a udrv region: %d\n",
		       KBUILD_MODNAME, dev_name(dev), index, region);
		return 0;
	}
	mutex_lock(&{{driver}}_split_lock);
	sdt_add_region(&{{driver}}_split_tracker, region,
		       (uint64_t)(uintptr_t)kaddr, resource_size(res));
	mutex_unlock(&{{driver}}_split_lock);
	/*
	 * The device whose memory the user half maps is the one its next DMA
	 * buffers are for. One channel serves every device of the module, so
	 * this is the last device probed: right without an IOMMU (addresses
	 * are physical), not with one (per-device channels: not done).
	 */
	udrv_channel_set_dma_dev({{driver}}_split_channel, dev);
	return ((uint64_t)region + 1) << 48;
}

/* A mapping of a physical address: the bus device memory that holds it. */
uint64_t {{driver}}_split_phys_region(phys_addr_t phys, void __iomem *kaddr)
{
	struct udrv_mmio m;
	uint64_t wire;

	if (udrv_bus_find_mmio(phys, &m))
		return 0;
	wire = {{driver}}_split_mmio_region(m.dev, m.res, m.index, kaddr);
	put_device(m.dev);
	return wire ? wire + (phys - m.res->start) : 0;
}

)";

inline constexpr const char *kLedgerDecls = R"(struct device;
struct resource;
uint64_t {{driver}}_split_mmio_region(struct device *dev,
		const struct resource *res, unsigned int index,
		void __iomem *kaddr);
uint64_t {{driver}}_split_phys_region(phys_addr_t phys, void __iomem *kaddr);
)";

}  // namespace splitdriver::splitter::templates

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map commands, in bpftool's grammar:
 *   kbpf map create PIN type TYPE key KSIZE value VSIZE entries N
 *                   [name NAME] [flags FLAGS]
 *   kbpf map { show | list } [MAP]
 *   kbpf map lookup MAP key BYTES
 *   kbpf map update MAP key BYTES value BYTES [any | noexist | exist]
 *   kbpf map delete MAP key BYTES
 *   kbpf map getnext MAP [key BYTES]
 *   kbpf map dump MAP
 *   kbpf map pin MAP PIN
 *   kbpf map freeze MAP
 *   kbpf map event MAP [count N]	(ring buffers: records as they come)
 * MAP := { id ID | pinned PIN | name NAME }
 * With -j or -p, what show, lookup, getnext and dump print is JSON in
 * bpftool's form (bytes as ["0x01", ...]).
 * BYTES := { B0 B1 ... | hex HH HH ... } (each B decimal, 0x.. or 0..)
 * Maps live in the module: a map nothing pins or uses dies with the
 * tool, so create pins it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"
#include "json.h"
#include "ringbuf.h"

static const struct {
	const char *name;
	uint32_t type;
} map_types[] = {
	{ "hash", KBPF_MAP_TYPE_HASH },
	{ "array", KBPF_MAP_TYPE_ARRAY },
	{ "percpu_hash", KBPF_MAP_TYPE_PERCPU_HASH },
	{ "percpu_array", KBPF_MAP_TYPE_PERCPU_ARRAY },
	{ "lru_hash", KBPF_MAP_TYPE_LRU_HASH },
	{ "lru_percpu_hash", KBPF_MAP_TYPE_LRU_PERCPU_HASH },
	{ "prog_array", KBPF_MAP_TYPE_PROG_ARRAY },
	{ "ringbuf", KBPF_MAP_TYPE_RINGBUF },
};

int kbpf_map_type_parse(const char *name, uint32_t *type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map_types); i++) {
		if (!strcmp(name, map_types[i].name)) {
			*type = map_types[i].type;
			return 0;
		}
	}
	return -EINVAL;
}

static const char *map_type_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map_types); i++)
		if (map_types[i].type == type)
			return map_types[i].name;
	return "unknown";
}

static bool map_type_percpu(uint32_t type)
{
	return type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* As the module counts them: possible CPUs, from sysfs ("0-3,5"). */
unsigned int kbpf_possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	unsigned int a, b, n = 0;
	int c;

	if (!f)
		return 1;
	while (fscanf(f, "%u", &a) == 1) {
		b = a;
		c = fgetc(f);
		if (c == '-' && fscanf(f, "%u", &b) == 1)
			c = fgetc(f);
		n += b - a + 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return n ? n : 1;
}

static int map_info(int dev, int fd, struct kbpf_map_info *info)
{
	struct kbpf_obj_get_info attr = {
		.size = sizeof(attr), .fd = fd,
		.info = (uintptr_t)info, .info_len = sizeof(*info),
	};
	int ret;

	memset(info, 0, sizeof(*info));
	ret = kbpf_ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &attr);
	if (!ret && attr.obj_type != KBPF_OBJ_MAP)
		ret = -EINVAL;
	return ret;
}

static uint32_t user_value_size(const struct kbpf_map_info *info)
{
	if (map_type_percpu(info->type))
		return ((info->value_size + 7) & ~7U) * kbpf_possible_cpus();
	return info->value_size;
}

/*
 * Parses BYTES after the keyword @what into @buf of exactly @size bytes.
 * Stops at the next keyword (a word that is not a number).
 */
static int parse_bytes(int *argc, char ***argv, const char *what, uint8_t *buf,
		       uint32_t size)
{
	char **av = *argv, *end;
	int n = *argc, i = 1;
	bool hex = false;
	uint32_t got = 0;
	unsigned long v;

	if (n < 1 || !kbpf_is_prefix(av[0], what))
		return kbpf_err("expected '%s BYTES'", what);
	if (i < n && !strcmp(av[i], "hex")) {
		hex = true;
		i++;
	}
	for (; i < n; i++) {
		v = strtoul(av[i], &end, hex ? 16 : 0);
		if (*end || end == av[i])
			break;
		if (v > 255)
			return kbpf_err("%s byte '%s' is not 0..255", what, av[i]);
		if (got == size)
			return kbpf_err("%s has more than %u bytes", what, size);
		buf[got++] = v;
	}
	if (got != size)
		return kbpf_err("%s needs %u bytes, got %u", what, size, got);
	*argc -= i;
	*argv += i;
	return 0;
}

static void print_hex(const uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		printf("%02x%s", p[i], i + 1 < n ? " " : "");
}

static void json_elem(const struct kbpf_map_info *info, const uint8_t *key,
		      const uint8_t *value)
{
	uint32_t stride = (info->value_size + 7) & ~7U, cpu, ncpu;

	kbpf_json_object_begin(NULL);
	kbpf_json_bytes("key", key, info->key_size);
	if (!map_type_percpu(info->type)) {
		kbpf_json_bytes("value", value, info->value_size);
		if (info->type == KBPF_MAP_TYPE_PROG_ARRAY)
			kbpf_json_u64("prog_id", *(const uint32_t *)value);
		kbpf_json_object_end();
		return;
	}
	kbpf_json_array_begin("values");
	ncpu = kbpf_possible_cpus();
	for (cpu = 0; cpu < ncpu; cpu++) {
		kbpf_json_object_begin(NULL);
		kbpf_json_u64("cpu", cpu);
		kbpf_json_bytes("value", value + cpu * stride, info->value_size);
		kbpf_json_object_end();
	}
	kbpf_json_array_end();
	kbpf_json_object_end();
}

static void print_elem(const struct kbpf_map_info *info, const uint8_t *key,
		       const uint8_t *value)
{
	uint32_t stride = (info->value_size + 7) & ~7U, cpu, ncpu;

	if (opts.json) {
		json_elem(info, key, value);
		return;
	}
	printf("key: ");
	print_hex(key, info->key_size);
	if (!map_type_percpu(info->type)) {
		printf("  value: ");
		print_hex(value, info->value_size);
		if (info->type == KBPF_MAP_TYPE_PROG_ARRAY)
			printf("  prog id %u", *(const uint32_t *)value);
		printf("\n");
		return;
	}
	printf("\n");
	ncpu = kbpf_possible_cpus();
	for (cpu = 0; cpu < ncpu; cpu++) {
		printf("\tvalue (CPU %02u): ", cpu);
		print_hex(value + cpu * stride, info->value_size);
		printf("\n");
	}
}

static void print_pins_of(int dev, uint32_t id)
{
	struct kbpf_obj_pin pin;
	char prev[KBPF_PIN_NAME_LEN] = "";

	if (opts.json)
		kbpf_json_array_begin("pinned");
	while (!kbpf_pin_next(dev, prev, &pin)) {
		if (pin.obj_type == KBPF_OBJ_MAP && pin.id == id) {
			if (opts.json)
				kbpf_json_str(NULL, pin.name);
			else
				printf("\tpinned %s\n", pin.name);
		}
		memcpy(prev, pin.name, sizeof(prev));
	}
	if (opts.json)
		kbpf_json_array_end();
}

/* bpftool's field names; "frozen" is 0 or 1 as there. */
static void json_map(int dev, const struct kbpf_map_info *info)
{
	kbpf_json_object_begin(NULL);
	kbpf_json_u64("id", info->id);
	kbpf_json_str("type", map_type_name(info->type));
	kbpf_json_str("name", info->name);
	kbpf_json_u64("flags", info->map_flags);
	kbpf_json_u64("bytes_key", info->key_size);
	kbpf_json_u64("bytes_value", info->value_size);
	kbpf_json_u64("max_entries", info->max_entries);
	kbpf_json_u64("frozen", !!info->frozen);
	print_pins_of(dev, info->id);
	kbpf_json_object_end();
}

static int show_map(int dev, int fd)
{
	struct kbpf_map_info info;
	int ret = map_info(dev, fd, &info);

	if (ret < 0)
		return kbpf_err("cannot get map info: %s", kbpf_strerror(-ret));
	if (opts.json) {
		json_map(dev, &info);
		return 0;
	}
	printf("%u: %s  name %s  flags 0x%x%s\n", info.id, map_type_name(info.type),
	       info.name[0] ? info.name : "-", info.map_flags,
	       info.frozen ? "  frozen" : "");
	printf("\tkey %uB  value %uB  max_entries %u\n", info.key_size,
	       info.value_size, info.max_entries);
	print_pins_of(dev, info.id);
	return 0;
}

static int do_show(int dev, int argc, char **argv)
{
	uint32_t id = 0;
	int fd, ret = 0;

	if (argc) {
		fd = kbpf_obj_ref(dev, KBPF_OBJ_MAP, &argc, &argv);
		if (fd < 0)
			return 1;
		if (argc) {
			close(fd);
			return kbpf_err("unexpected '%s'", argv[0]);
		}
		ret = show_map(dev, fd);
		close(fd);
		if (opts.json && !ret)
			kbpf_json_finish();
		return ret;
	}
	if (opts.json)
		kbpf_json_array_begin(NULL);
	while (!kbpf_get_next_id(dev, KBPF_OBJ_MAP, id, &id)) {
		fd = kbpf_get_fd_by_id(dev, KBPF_OBJ_MAP, id);
		if (fd < 0)
			continue;	/* freed since we saw its id */
		ret |= show_map(dev, fd);
		close(fd);
	}
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_finish();
	}
	return ret;
}

static int parse_u32(const char *s, const char *what, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*end || end == s || v > UINT32_MAX)
		return kbpf_err("%s '%s' is not a number", what, s);
	*out = v;
	return 0;
}

static int do_create(int dev, int argc, char **argv)
{
	static const char *const words[] = {
		"type", "key", "value", "entries", "flags", "name",
	};
	struct kbpf_map_create attr = { .size = sizeof(attr) };
	const char *pin;
	int fd, ret = 0;

	if (argc < 1)
		return kbpf_err("expected 'create PIN type TYPE key N value N entries N'");
	pin = argv[0];
	for (argc--, argv++; argc >= 2; argc -= 2, argv += 2) {
		switch (kbpf_keyword(argv[0], words, ARRAY_SIZE(words))) {
		case 0:
			if (kbpf_map_type_parse(argv[1], &attr.map_type))
				return kbpf_err("unknown map type '%s'; try 'kbpf help' for the list",
						argv[1]);
			break;
		case 1:
			ret = parse_u32(argv[1], "key size", &attr.key_size);
			break;
		case 2:
			ret = parse_u32(argv[1], "value size", &attr.value_size);
			break;
		case 3:
			ret = parse_u32(argv[1], "entries", &attr.max_entries);
			break;
		case 4:
			ret = parse_u32(argv[1], "flags", &attr.map_flags);
			break;
		case 5:
			if (strlen(argv[1]) >= sizeof(attr.name))
				return kbpf_err("name '%s' is too long", argv[1]);
			strcpy(attr.name, argv[1]);
			break;
		default:
			return kbpf_err("unknown create argument '%s'", argv[0]);
		}
		if (ret)
			return ret;
	}
	if (argc)
		return kbpf_err("'%s' needs a value", argv[0]);
	fd = kbpf_ioctl(dev, KBPF_IOC_MAP_CREATE, &attr);
	if (fd < 0)
		return kbpf_err("cannot create map: %s", kbpf_strerror(-fd));
	ret = kbpf_obj_pin(dev, fd, pin);
	close(fd);
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", pin, kbpf_strerror(-ret));
	return 0;
}

struct elem_cmd {
	int fd;
	struct kbpf_map_info info;
	uint8_t *key, *value;
};

static int elem_open(int dev, int *argc, char ***argv, struct elem_cmd *c)
{
	int ret;

	c->key = c->value = NULL;
	c->fd = kbpf_obj_ref(dev, KBPF_OBJ_MAP, argc, argv);
	if (c->fd < 0)
		return 1;
	ret = map_info(dev, c->fd, &c->info);
	if (ret) {
		close(c->fd);
		return kbpf_err("not a map: %s", kbpf_strerror(-ret));
	}
	c->key = calloc(1, c->info.key_size);
	c->value = calloc(1, user_value_size(&c->info));
	if (!c->key || !c->value) {
		free(c->key);
		free(c->value);
		close(c->fd);
		return kbpf_err("out of memory");
	}
	return 0;
}

static int elem_close(struct elem_cmd *c, int ret)
{
	free(c->key);
	free(c->value);
	close(c->fd);
	return ret;
}

static int elem_ioctl(int dev, unsigned long cmd, struct elem_cmd *c,
		      bool with_key, uint64_t flags)
{
	struct kbpf_map_elem attr = {
		.size = sizeof(attr), .map_fd = c->fd,
		.key = with_key ? (uintptr_t)c->key : 0,
		.value = cmd == KBPF_IOC_MAP_DELETE_ELEM ? 0 : (uintptr_t)c->value,
		.flags = flags,
	};

	return kbpf_ioctl(dev, cmd, &attr);
}

static int do_lookup(int dev, int argc, char **argv)
{
	struct elem_cmd c;
	int ret;

	if (elem_open(dev, &argc, &argv, &c))
		return 1;
	if (parse_bytes(&argc, &argv, "key", c.key, c.info.key_size) || argc)
		return elem_close(&c, argc ? kbpf_err("unexpected '%s'", argv[0]) : 1);
	ret = elem_ioctl(dev, KBPF_IOC_MAP_LOOKUP_ELEM, &c, true, 0);
	if (ret)
		return elem_close(&c, kbpf_err("lookup: %s", kbpf_strerror(-ret)));
	print_elem(&c.info, c.key, c.value);
	if (opts.json)
		kbpf_json_finish();
	return elem_close(&c, 0);
}

/*
 * A prog_array's value names a program as bpftool's does (value id N,
 * value pinned NAME): the map takes its descriptor. *@prog_fd is -1 for
 * plain bytes.
 */
static int parse_value(int dev, int *argc, char ***argv, struct elem_cmd *c,
		       int *prog_fd)
{
	uint32_t fd;

	*prog_fd = -1;
	if (c->info.type != KBPF_MAP_TYPE_PROG_ARRAY || *argc < 2 ||
	    !kbpf_is_prefix((*argv)[0], "value") ||
	    (strcmp((*argv)[1], "id") && strcmp((*argv)[1], "pinned") &&
	     strcmp((*argv)[1], "name")))
		return parse_bytes(argc, argv, "value", c->value,
				   user_value_size(&c->info));
	(*argc)--;
	(*argv)++;
	*prog_fd = kbpf_prog_ref(dev, argc, argv);
	if (*prog_fd < 0)
		return 1;
	fd = *prog_fd;
	memcpy(c->value, &fd, sizeof(fd));
	return 0;
}

static int do_update(int dev, int argc, char **argv)
{
	uint64_t flags = KBPF_ANY;
	struct elem_cmd c;
	int ret, prog_fd;

	if (elem_open(dev, &argc, &argv, &c))
		return 1;
	if (parse_bytes(&argc, &argv, "key", c.key, c.info.key_size) ||
	    parse_value(dev, &argc, &argv, &c, &prog_fd))
		return elem_close(&c, 1);
	if (argc) {
		static const char *const words[] = { "any", "noexist", "exist" };
		static const uint64_t values[] = { KBPF_ANY, KBPF_NOEXIST, KBPF_EXIST };
		int w = kbpf_keyword(argv[0], words, ARRAY_SIZE(words));

		if (prog_fd >= 0 && (argc != 1 || w < 0))
			close(prog_fd);
		if (argc != 1 || w < 0)
			return elem_close(&c, kbpf_err("expected any, noexist or exist, not '%s'",
							argv[0]));
		flags = values[w];
	}
	ret = elem_ioctl(dev, KBPF_IOC_MAP_UPDATE_ELEM, &c, true, flags);
	if (prog_fd >= 0)
		close(prog_fd);
	if (ret)
		return elem_close(&c, kbpf_err("update: %s", kbpf_strerror(-ret)));
	return elem_close(&c, 0);
}

static int do_delete(int dev, int argc, char **argv)
{
	struct elem_cmd c;
	int ret;

	if (elem_open(dev, &argc, &argv, &c))
		return 1;
	if (parse_bytes(&argc, &argv, "key", c.key, c.info.key_size) || argc)
		return elem_close(&c, 1);
	ret = elem_ioctl(dev, KBPF_IOC_MAP_DELETE_ELEM, &c, true, 0);
	if (ret)
		return elem_close(&c, kbpf_err("delete: %s", kbpf_strerror(-ret)));
	return elem_close(&c, 0);
}

static int do_getnext(int dev, int argc, char **argv)
{
	struct elem_cmd c;
	bool with_key = argc > 2;
	int ret;

	if (elem_open(dev, &argc, &argv, &c))
		return 1;
	if (argc && (parse_bytes(&argc, &argv, "key", c.key, c.info.key_size) || argc))
		return elem_close(&c, 1);
	ret = elem_ioctl(dev, KBPF_IOC_MAP_GET_NEXT_KEY, &c, with_key, 0);
	if (ret)
		return elem_close(&c, kbpf_err("getnext: %s", kbpf_strerror(-ret)));
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		if (with_key)
			kbpf_json_bytes("key", c.key, c.info.key_size);
		else
			kbpf_json_null("key");
		kbpf_json_bytes("next_key", c.value, c.info.key_size);
		kbpf_json_object_end();
		kbpf_json_finish();
		return elem_close(&c, 0);
	}
	if (with_key) {
		printf("key:\n");
		print_hex(c.key, c.info.key_size);
		printf("\n");
	} else {
		printf("key: None\n");
	}
	printf("next key:\n");
	print_hex(c.value, c.info.key_size);
	printf("\n");
	return elem_close(&c, 0);
}

#define DUMP_BATCH	4096

/* Whole map through LOOKUP_BATCH; "Found N elements" as bpftool. */
static int do_dump(int dev, int argc, char **argv)
{
	struct kbpf_map_batch attr = { .size = sizeof(attr) };
	uint8_t *keys, *values, *token;
	struct elem_cmd c;
	uint32_t vsize, i;
	uint64_t total = 0;
	int ret;

	if (elem_open(dev, &argc, &argv, &c))
		return 1;
	if (argc)
		return elem_close(&c, kbpf_err("unexpected '%s'", argv[0]));
	vsize = user_value_size(&c.info);
	keys = malloc((size_t)DUMP_BATCH * c.info.key_size);
	values = malloc((size_t)DUMP_BATCH * vsize);
	token = malloc(c.info.key_size);
	attr.map_fd = c.fd;
	attr.keys = (uintptr_t)keys;
	attr.values = (uintptr_t)values;
	attr.out_batch = (uintptr_t)token;
	if (opts.json)
		kbpf_json_array_begin(NULL);
	do {
		attr.count = DUMP_BATCH;
		ret = keys && values && token ?
		      kbpf_ioctl(dev, KBPF_IOC_MAP_LOOKUP_BATCH, &attr) : -ENOMEM;
		if (ret && ret != -ENOENT)
			break;
		for (i = 0; i < attr.count; i++)
			print_elem(&c.info, keys + (size_t)i * c.info.key_size,
				   values + (size_t)i * vsize);
		total += attr.count;
		attr.in_batch = (uintptr_t)token;
	} while (!ret);
	free(keys);
	free(values);
	free(token);
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_finish();
	}
	if (ret != -ENOENT)
		return elem_close(&c, kbpf_err("dump: %s", kbpf_strerror(-ret)));
	if (opts.json)
		return elem_close(&c, 0);
	printf("Found %llu element%s\n", (unsigned long long)total,
	       total == 1 ? "" : "s");
	return elem_close(&c, 0);
}

/* The dump of a map the caller holds, as 'map dump id N' prints it. */
int kbpf_map_dump_fd(int dev, int fd)
{
	struct kbpf_map_info info;
	char id[16], *argv[] = { "id", id, NULL };

	if (map_info(dev, fd, &info))
		return 1;
	snprintf(id, sizeof(id), "%u", info.id);
	return do_dump(dev, 2, argv);
}

static int do_pin(int dev, int argc, char **argv)
{
	int fd, ret;

	fd = kbpf_obj_ref(dev, KBPF_OBJ_MAP, &argc, &argv);
	if (fd < 0)
		return 1;
	if (argc != 1) {
		close(fd);
		return kbpf_err("expected 'pin MAP PIN'");
	}
	ret = kbpf_obj_pin(dev, fd, argv[0]);
	close(fd);
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", argv[0], kbpf_strerror(-ret));
	return 0;
}

static int do_freeze(int dev, int argc, char **argv)
{
	struct kbpf_map_elem attr = { .size = sizeof(attr) };
	int ret;

	ret = kbpf_obj_ref(dev, KBPF_OBJ_MAP, &argc, &argv);
	if (ret < 0)
		return 1;
	if (argc) {
		close(ret);
		return kbpf_err("expected 'freeze MAP', not '%s' after it", argv[0]);
	}
	attr.map_fd = ret;
	ret = kbpf_ioctl(dev, KBPF_IOC_MAP_FREEZE, &attr);
	close(attr.map_fd);
	if (ret)
		return kbpf_err("freeze: %s", kbpf_strerror(-ret));
	return 0;
}

static int do_event(int dev, int argc, char **argv)
{
	struct kbpf_map_info info;
	int fd, ret;

	fd = kbpf_obj_ref(dev, KBPF_OBJ_MAP, &argc, &argv);
	if (fd < 0)
		return 1;
	ret = map_info(dev, fd, &info);
	if (ret)
		ret = kbpf_err("cannot get map info: %s", kbpf_strerror(-ret));
	else
		ret = kbpf_map_event(dev, fd, &info, argc, argv);
	close(fd);
	return ret;
}

int kbpf_cmd_map(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int dev, int argc, char **argv);
	} cmds[] = {
		{ "create", do_create }, { "show", do_show }, { "list", do_show },
		{ "lookup", do_lookup }, { "update", do_update },
		{ "delete", do_delete }, { "getnext", do_getnext },
		{ "dump", do_dump }, { "pin", do_pin }, { "freeze", do_freeze },
		{ "event", do_event },
	};
	size_t i, found = 0, match = 0;
	int dev;

	if (argc < 1)
		return kbpf_err("expected a map command; try 'kbpf help'");
	if (opts.host)
		return kbpf_err("maps live in the module: --host keeps none between runs");
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(argv[0], cmds[i].name)) {
			found = 1;
			match = i;
			break;
		}
		if (kbpf_is_prefix(argv[0], cmds[i].name)) {
			found++;
			match = i;
		}
	}
	if (found != 1)
		return kbpf_err("%s map command '%s'", found ? "ambiguous" : "unknown",
				argv[0]);
	dev = kbpf_device();
	if (dev < 0)
		return 1;
	return cmds[match].fn(dev, argc - 1, argv + 1);
}

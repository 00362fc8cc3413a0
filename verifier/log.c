// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verifier log: a ring over the caller's buffer that, once full, keeps
 * the newest bytes. kbpf_log_finish() rotates it into reading order, so a
 * truncated log loses its beginning, never the reason at its end.
 */
#include "internal.h"

void kbpf_log_write(struct kbpf_log *log, const char *fmt, ...)
{
	char line[416];
	va_list ap;
	u32 len, pos, cap, first;

	if (!log || (!log->level && !log->stats) || !log->buf || log->size < 2)
		return;
	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	len = min_t(u32, len, sizeof(line) - 1);

	/* The last byte of the buffer is reserved for the terminating NUL. */
	cap = log->size - 1;
	if (len > cap) {
		/* Only the end of the line fits; it lands where it would have. */
		log->true_len += len - cap;
		memmove(line, line + len - cap, cap);
		len = cap;
	}
	pos = log->true_len % cap;
	first = min(len, cap - pos);
	memcpy(log->buf + pos, line, first);
	memcpy(log->buf, line + first, len - first);
	log->true_len += len;
}

static void reverse(char *s, u32 n)
{
	u32 i;

	for (i = 0; i < n / 2; i++) {
		char c = s[i];

		s[i] = s[n - 1 - i];
		s[n - 1 - i] = c;
	}
}

void kbpf_log_finish(struct kbpf_log *log)
{
	u32 cap, start;

	if (!log || !log->buf || !log->size)
		return;
	cap = log->size - 1;
	if (!cap) {
		log->buf[0] = '\0';
		return;
	}
	if (log->true_len <= cap) {
		log->buf[log->true_len] = '\0';
		return;
	}
	/* Rotate left by the oldest byte's position: three reversals. */
	start = log->true_len % cap;
	reverse(log->buf, start);
	reverse(log->buf + start, cap - start);
	reverse(log->buf, cap);
	log->buf[cap] = '\0';
}

u64 kbpf_log_pos(const struct kbpf_log *log)
{
	return log ? log->true_len : 0;
}

/*
 * Forget what was written since @pos (a path that was verified safe),
 * unless the ring has wrapped: then the bytes before @pos are gone and
 * the log keeps its end as it is.
 */
void kbpf_log_reset(struct kbpf_log *log, u64 pos)
{
	if (!log || !log->buf || log->size < 2 || pos > log->true_len)
		return;
	if (log->true_len > log->size - 1)
		return;
	log->true_len = pos;
}

void kbpf_log_set_level(struct kbpf_log *log, u32 log_level)
{
	log->level = log_level & KBPF_LOG_LEVEL2 ? 2 : log_level & KBPF_LOG_LEVEL1;
	log->stats = log_level & KBPF_LOG_STATS;
}

/* One line, accepted or not, so tools can grep it like Linux's. */
void kbpf_log_stats(struct kbpf_log *log, const struct kbpf_verify_stats *st)
{
	if (!log || !log->stats)
		return;
	kbpf_log_write(log, "stats: %llu insns processed, %u states kept, %u pruned, peak %u states, %llu bytes of state, %llu us\n",
		       (unsigned long long)st->insn_processed, st->states_kept,
		       st->states_pruned, st->peak_states,
		       (unsigned long long)st->state_bytes,
		       (unsigned long long)st->time_ns / 1000);
}

void kbpf_verify_stats_out(struct kbpf_prog_load *attr,
			   const struct kbpf_verify_stats *st)
{
	attr->insn_processed = min_t(u64, st->insn_processed, (u32)~0U);
	attr->states_kept = st->states_kept;
	attr->states_pruned = st->states_pruned;
	attr->peak_states = st->peak_states;
	attr->state_bytes = st->state_bytes;
	attr->verify_time_ns = st->time_ns;
}

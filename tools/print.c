// SPDX-License-Identifier: GPL-2.0
/* Text and JSON output; see print.h. */

#include <stdarg.h>
#include <stdio.h>
#include "print.h"

#define MAX_DEPTH 16

static bool json, pretty;
static int depth;
static bool need_comma[MAX_DEPTH];

static void json_indent(void)
{
	int i;

	/* The outermost value starts the output: no line break before it. */
	if (!pretty || (depth == 0 && !need_comma[0]))
		return;
	putchar('\n');
	for (i = 0; i < depth; i++)
		fputs("    ", stdout);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Separator, indentation and "key": before a value or a container. */
static void json_member(const char *key)
{
	if (need_comma[depth])
		putchar(',');
	json_indent();
	need_comma[depth] = true;
	if (key) {
		json_string(key);
		fputs(pretty ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char bracket)
{
	json_member(key);
	putchar(bracket);
	if (depth < MAX_DEPTH - 1)
		depth++;
	need_comma[depth] = false;
}

static void json_close(char bracket)
{
	bool empty = !need_comma[depth];

	if (depth > 0)
		depth--;
	if (!empty)
		json_indent();
	putchar(bracket);
}

void print_init(bool use_json, bool use_pretty)
{
	json = use_json;
	pretty = use_pretty;
	depth = 0;
	need_comma[0] = false;
}

void print_finish(void)
{
	if (json)
		putchar('\n');
	fflush(stdout);
}

void print_open_object(const char *key)
{
	if (json)
		json_open(key, '{');
}

void print_close_object(void)
{
	if (json)
		json_close('}');
}

void print_open_array(const char *key)
{
	if (json)
		json_open(key, '[');
}

void print_close_array(void)
{
	if (json)
		json_close(']');
}

void print_string(const char *key, const char *fmt, const char *value)
{
	if (json) {
		json_member(key);
		json_string(value);
	} else if (fmt) {
		printf(fmt, value);
	}
}

void print_uint(const char *key, const char *fmt, uint64_t value)
{
	if (json) {
		json_member(key);
		printf("%llu", (unsigned long long)value);
	} else if (fmt) {
		printf(fmt, (unsigned long long)value);
	}
}

void print_bool(const char *key, const char *fmt, bool value)
{
	if (json) {
		json_member(key);
		fputs(value ? "true" : "false", stdout);
	} else if (fmt) {
		printf(fmt, value ? "yes" : "no");
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

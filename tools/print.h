/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output for text and JSON from one code path: every value is printed with
 * a JSON key and a text format; a NULL format leaves it out of the text.
 */
#ifndef SIXBED4_PRINT_H
#define SIXBED4_PRINT_H

#include <stdbool.h>
#include <stdint.h>

void print_init(bool json, bool pretty);
void print_finish(void);

void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

void print_string(const char *key, const char *fmt, const char *value);
void print_uint(const char *key, const char *fmt, uint64_t value);
void print_bool(const char *key, const char *fmt, bool value);

/* Text only: labels, separators and line ends that JSON has no use for. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

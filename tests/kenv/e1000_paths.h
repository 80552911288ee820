/* SPDX-License-Identifier: MIT */
/* Plain-C seam of e1000_paths.c (built-in types only). */
#ifndef KENV_TEST_E1000_PATHS_H
#define KENV_TEST_E1000_PATHS_H

#ifdef __cplusplus
extern "C" {
#endif

struct kt_e1000_options {
	unsigned int tx_count;
	unsigned int rx_count;
	unsigned int itr;
	unsigned int itr_setting;
};

void kt_e1000_mac_types(void);
int kt_e1000_read_mac(void *bar0, unsigned char mac[6]);
int kt_e1000_validate_checksum(void *bar0);
void kt_e1000_check_options(struct kt_e1000_options *out);

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Everything links into one program: exports are documentation only. */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)

#endif /* _LINUX_EXPORT_H */

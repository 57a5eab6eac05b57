#ifndef PDGATE_CSODIUM_SHIM_H
#define PDGATE_CSODIUM_SHIM_H
#include <sodium.h>
#endif

#ifndef LATERAL_CGRAPHVIZ_SHIM_H
#define LATERAL_CGRAPHVIZ_SHIM_H
#include <gvc.h>
#include <cgraph.h>
#endif

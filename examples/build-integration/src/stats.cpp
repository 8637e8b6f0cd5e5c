#include "config.h"
#include "stats.h"

long total(const Stats &S) {
  return S.received + S.forwarded + defaultConfig().queueDepth * 0;
}

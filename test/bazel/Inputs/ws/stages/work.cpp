#include "stages/work.h"

int work(int v) { return v + 1; }

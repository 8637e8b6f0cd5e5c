// The work done on each value: included by stage_b.cpp and work.cpp only, so
// editing it re-runs the analysis of those two and not of stage_c.cpp.
#pragma once

int work(int v);

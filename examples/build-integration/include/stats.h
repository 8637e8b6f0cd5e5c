#pragma once

struct Stats {
  long received = 0;
  long forwarded = 0;
};

long total(const Stats &S);

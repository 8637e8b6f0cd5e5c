#pragma once

struct Config {
  int queueDepth = 16;
};

Config defaultConfig();

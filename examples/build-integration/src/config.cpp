#include "config.h"

Config defaultConfig() { return Config{}; }

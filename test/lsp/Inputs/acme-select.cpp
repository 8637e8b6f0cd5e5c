// A select of the home-grown framework of test/Inputs/acme/acme.h, known to
// corosafe only through the profile test/profiles/Inputs/acme.yaml.
#include "acme.h"

acme::task<void> session(acme::channel<int> &a, acme::channel<int> &b) {
  co_await acme::first_of(a.pop(), b.pop());
}

#include "geo/geos_api.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace frontline::geo {

namespace {

struct Loaded {
  GeosApi api;
  std::string error;  // empty when every function was found
};

Loaded load() {
  Loaded out;
  // Debian's libgeos-c1v5 ships the versioned name; the unversioned one comes with -dev.
  void* handle = dlopen("libgeos_c.so.1", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) handle = dlopen("libgeos_c.so", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    out.error = fmt::format("cannot load GEOS (Debian package libgeos-c1v5): {}", dlerror());
    return out;
  }
  // The handle stays open for the life of the process: GEOS's code is in use until exit.
#define FRONTLINE_GEOS_RESOLVE(name)                                        \
  out.api.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (out.api.name == nullptr && out.error.empty()) out.error = "GEOS has no function " #name;
  FRONTLINE_GEOS_FUNCTIONS(FRONTLINE_GEOS_RESOLVE)
#undef FRONTLINE_GEOS_RESOLVE
  return out;
}

}  // namespace

const GeosApi& geos_c() {
  // A shared library is loaded once per process: a function-local static (initialised once,
  // thread-safe) is the honest shape of that.
  static const Loaded loaded = load();
  if (!loaded.error.empty()) throw std::runtime_error(loaded.error);
  return loaded.api;
}

}  // namespace frontline::geo

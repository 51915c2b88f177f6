#include "io/ogr_loader.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <memory>

namespace frontline::io {

namespace {
using ReadFn = Result<std::vector<OgrFeature>>* (*)(const char*, const char*);

struct ModuleCloser {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

std::filesystem::path module_path() {
  // Next to the executable first (an installed layout), then where the build put it.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& dir : {exe.parent_path(), exe.parent_path() / "../lib", exe.parent_path() / "../../src"}) {
      auto candidate = dir / "libfrontline_ogr.so";
      if (std::filesystem::exists(candidate, ec)) return candidate;
    }
  }
  return FRONTLINE_OGR_MODULE;
}
}  // namespace

Result<std::vector<OgrFeature>> load_ogr_polygons(const std::filesystem::path& path, const std::string& name_field) {
  const auto module = module_path();
  std::unique_ptr<void, ModuleCloser> handle(dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (!handle) {
    return make_error(ErrorCode::internal,
                      fmt::format("cannot load the GDAL module {}: {}", module.string(), dlerror()));
  }
  auto* fn = reinterpret_cast<ReadFn>(dlsym(handle.get(), "frontline_ogr_read_polygons"));
  if (fn == nullptr) {
    return make_error(ErrorCode::internal, fmt::format("{} has no reader entry point", module.string()));
  }
  std::unique_ptr<Result<std::vector<OgrFeature>>> result(fn(path.c_str(), name_field.c_str()));
  return std::move(*result);
}

}  // namespace frontline::io

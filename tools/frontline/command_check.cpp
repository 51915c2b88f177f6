#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class CheckCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--max-problems", max_problems_, "list at most this many problems")->capture_default_str();
    app.add_flag("--json", json_, "JSON");
  }

  Result<void> run() override {
    FRONTLINE_TRY(r, check_store(store_, max_problems_));
    emit(json_ ? format::check_json(store_, r) : format::check_text(store_, r));
    if (!r.ok()) {
      return make_error(ErrorCode::io,
                        fmt::format("the store {} is damaged; restore it from a copy, or import its sources again "
                                    "into a new store",
                                    store_));
    }
    return {};
  }

 private:
  std::string store_;
  std::size_t max_problems_ = 100;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_check() {
  return std::make_unique<CheckCommand>();
}

}  // namespace frontline::cli
